package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void bits_matchChromium() {
        assertThat(Signals.READABLE.bits()).isEqualTo(1);
        assertThat(Signals.WRITABLE.bits()).isEqualTo(2);
        assertThat(Signals.PEER_CLOSED.bits()).isEqualTo(4);
        assertThat(Signals.NEW_DATA_READABLE.bits()).isEqualTo(8);
        assertThat(Signals.PEER_REMOTE.bits()).isEqualTo(16);
        assertThat(Signals.QUOTA_EXCEEDED.bits()).isEqualTo(32);
    }

    @Test
    void setOperations_behaveAsBitSets() {
        Signals rw = Signals.of(Signals.READABLE, Signals.WRITABLE);
        assertThat(rw).isEqualTo(Signals.fromBits(3)).hasSameHashCodeAs(Signals.fromBits(3));
        assertThat(rw.containsAll(Signals.READABLE)).isTrue();
        assertThat(rw.containsAll(Signals.of(Signals.READABLE, Signals.PEER_CLOSED))).isFalse();
        assertThat(rw.containsAny(Signals.of(Signals.READABLE, Signals.PEER_CLOSED))).isTrue();
        assertThat(rw.without(Signals.READABLE)).isEqualTo(Signals.WRITABLE);
        assertThat(rw.and(Signals.PEER_CLOSED).bits()).isEqualTo(7);
        assertThat(Signals.NONE.isEmpty()).isTrue();
        assertThat(rw.toString()).isEqualTo("READABLE|WRITABLE");
        assertThat(Signals.NONE.toString()).isEqualTo("NONE");
    }

    @Test
    void equals_differentSets_unequal_andHashApart() {
        // Every set of known signals against every other: equal exactly when the bits are, and (the
        // hash being the bits) hashing apart whenever they differ, so sets work as map keys.
        for (int a = 0; a < 64; a++) {
            for (int b = 0; b < 64; b++) {
                Signals x = Signals.fromBits(a);
                Signals y = Signals.fromBits(b);
                assertThat(x.equals(y)).as("%s equals %s", x, y).isEqualTo(a == b);
                assertThat(x.hashCode() == y.hashCode()).as("%s hash == %s hash", x, y).isEqualTo(a == b);
            }
        }
        assertThat(Signals.READABLE).isNotEqualTo(Signals.WRITABLE).isNotEqualTo(Signals.NONE);
        assertThat(Signals.READABLE.equals(null)).isFalse();
        assertThat(Signals.READABLE.equals((Object) Integer.valueOf(1))).isFalse();
        assertThat(new SignalsState(Signals.READABLE, Signals.READABLE))
                .isNotEqualTo(new SignalsState(Signals.WRITABLE, Signals.READABLE));
    }

    @Test
    void fromBits_unknownBit_invalidArgumentNamingIt() {
        assertThatThrownBy(() -> Signals.fromBits(0x40))
                .isExactlyInstanceOf(MojoException.class)
                .hasMessageContaining("0x40")
                .extracting(e -> ((MojoException) e).result())
                .isEqualTo(MojoResult.INVALID_ARGUMENT);
        assertThatThrownBy(() -> Signals.fromBits(-1)).isExactlyInstanceOf(MojoException.class);
        assertThat(Signals.fromBits(0x3f).bits()).isEqualTo(0x3f);
    }

    @Test
    void deadline_kinds() {
        assertThat(Deadline.INFINITE.isInfinite()).isTrue();
        assertThat(Deadline.INFINITE.remainingNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(Deadline.NONE.remainingNanos()).isZero();
        assertThat(Deadline.after(Duration.ZERO)).isSameAs(Deadline.NONE);
        assertThat(Deadline.after(Duration.ofSeconds(-1))).isSameAs(Deadline.NONE);
        assertThat(Deadline.after(Duration.ofDays(365 * 1000))).isSameAs(Deadline.INFINITE);
        Deadline hour = Deadline.after(Duration.ofHours(1));
        assertThat(hour.isInfinite()).isFalse();
        assertThat(hour.remainingNanos()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toNanos());
    }

    @Test
    void closureReason_codesMatchDesign() {
        assertThat(ClosureReason.CLOSED_BY_USER.code()).isZero();
        assertThat(ClosureReason.RECEIVE_QUOTA_EXCEEDED.code()).isEqualTo(1);
        assertThat(ClosureReason.PEER_LOST.code()).isEqualTo(2);
        assertThat(ClosureReason.MERGE_FAILED.code()).isEqualTo(3);
        assertThat(ClosureReason.fromCode(1)).isEqualTo(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
        assertThatThrownBy(() -> ClosureReason.fromCode(4))
                .isExactlyInstanceOf(MojoException.class)
                .hasMessageContaining("code=4")
                .extracting(e -> ((MojoException) e).result())
                .isEqualTo(MojoResult.INVALID_ARGUMENT);
        for (ClosureReason r : ClosureReason.values()) {
            assertThat(ClosureReason.fromCode(r.code())).isSameAs(r);
        }
    }

    @Test
    void rights_bitsMatchDomokit() {
        assertThat(Right.DUPLICATE.bit()).isEqualTo(1);
        assertThat(Right.TRANSFER.bit()).isEqualTo(2);
        assertThat(Right.READ.bit()).isEqualTo(4);
        assertThat(Right.WRITE.bit()).isEqualTo(8);
        assertThat(Right.GET_OPTIONS.bit()).isEqualTo(16);
        assertThat(Right.SET_OPTIONS.bit()).isEqualTo(32);
        assertThat(Right.MAP_READABLE.bit()).isEqualTo(64);
        assertThat(Right.MAP_WRITABLE.bit()).isEqualTo(128);
        assertThat(Right.MAP_EXECUTABLE.bit()).isEqualTo(256);
    }
}
