package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jmojo.system.Core;
import org.junit.jupiter.api.Test;

/** The facade hook of {@link LocalCore}: installed once, by {@code Core}'s class initialiser, never again. */
class LocalCoreApiTest {
    @Test
    void installApi_secondTime_illegalState_andTheInstalledApiStays() {
        Core before = Core.instance(); // Core's class initialiser has installed the API

        LocalCore.Api other = new LocalCore.Api() {
            @Override
            public Core wrap(LocalCore node) {
                throw new AssertionError("the second API was installed");
            }

            @Override
            public LocalCore unwrap(Core core) {
                throw new AssertionError("the second API was installed");
            }
        };

        assertThatThrownBy(() -> LocalCore.installApi(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("installed once");
        // The first API still wraps and unwraps: a node and its facade lead to each other.
        assertThat(LocalCore.of(before).core()).isSameAs(before);
        Core fresh = LocalCore.newNode();
        assertThat(LocalCore.of(fresh).core()).isSameAs(fresh).isNotSameAs(before);
    }
}
