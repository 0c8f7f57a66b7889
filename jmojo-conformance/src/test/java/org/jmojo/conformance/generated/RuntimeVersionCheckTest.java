package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jmojo.golden.Point;
import org.jmojo.bindings.runtime.RuntimeVersion;
import org.junit.jupiter.api.Test;

/** The check every generated class runs when it is initialized. */
class RuntimeVersionCheckTest {

    @Test
    void check_sameMajorOlderOrEqualMinor_passes() {
        assertThatCode(() -> RuntimeVersion.check(RuntimeVersion.MAJOR, RuntimeVersion.MINOR, "a.B"))
                .doesNotThrowAnyException();
        assertThatCode(() -> RuntimeVersion.check(RuntimeVersion.MAJOR, 0, "a.B")).doesNotThrowAnyException();
    }

    @Test
    void check_newerMinor_failsNamingGeneratedClass() {
        assertThatThrownBy(() -> RuntimeVersion.check(RuntimeVersion.MAJOR, RuntimeVersion.MINOR + 1, "demo.Generated"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo.Generated")
                .hasMessageContaining("regenerate");
    }

    @Test
    void check_otherMajor_fails() {
        assertThatThrownBy(() -> RuntimeVersion.check(RuntimeVersion.MAJOR + 1, 0, "demo.Generated"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo.Generated");
    }

    @Test
    void generatedClass_loadsOnThisRuntime() {
        assertThatCode(() -> Point.newBuilder().setX(1).build()).doesNotThrowAnyException();
    }
}
