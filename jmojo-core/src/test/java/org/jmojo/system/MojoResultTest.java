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
    void fromCode_unknownCode_illegalArgument() {
        assertThatThrownBy(() -> MojoResult.fromCode(18)).hasMessageContaining("18");
        assertThatThrownBy(() -> MojoResult.fromCode(-1)).hasMessageContaining("-1");
    }
}
