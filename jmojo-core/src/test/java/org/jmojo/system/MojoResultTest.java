package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MojoResultTest {
    @Test
    void codes_matchMojoNumbering() {
        assertThat(MojoResult.OK.code()).isZero();
        assertThat(MojoResult.INVALID_ARGUMENT.code()).isEqualTo(3);
        assertThat(MojoResult.FAILED_PRECONDITION.code()).isEqualTo(9);
        assertThat(MojoResult.BUSY.code()).isEqualTo(16);
        assertThat(MojoResult.SHOULD_WAIT.code()).isEqualTo(17);
        for (MojoResult r : MojoResult.values()) {
            assertThat(MojoResult.fromCode(r.code())).isSameAs(r);
        }
    }

    @Test
    void fromCode_unknownCode_invalidArgument() {
        for (int code : new int[] {18, -1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> MojoResult.fromCode(code))
                    .isExactlyInstanceOf(MojoException.class)
                    .hasMessageContaining("code=" + code)
                    .extracting(e -> ((MojoException) e).result())
                    .isEqualTo(MojoResult.INVALID_ARGUMENT);
        }
        assertThat(MojoResult.fromCode(17)).isSameAs(MojoResult.SHOULD_WAIT);
    }
}
