package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The one rule for misuse (package documentation of {@code org.jmojo.system}): a value a method does
 * not accept throws {@link MojoException} with {@link MojoResult#INVALID_ARGUMENT}, naming the value
 * and the rule, never a bare {@link IllegalArgumentException}.
 */
class MisuseTest {
    private final Core core = Core.instance();

    private static void assertInvalidArgument(ThrowingCallable call, String namesValueAndRule) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MojoException.class,
                        e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                .hasMessageContaining(namesValueAndRule);
    }

    @Test
    void negativeQuotaLimits() {
        assertInvalidArgument(() -> ReceiveQuota.messages(-1, QuotaPolicy.HARD),
                "maxMessages=-1: a quota limit must be 0 or more");
        assertInvalidArgument(() -> ReceiveQuota.bytes(-5, QuotaPolicy.SIGNAL),
                "maxBytes=-5: a quota limit must be 0 or more");
        assertThat(ReceiveQuota.messages(0, QuotaPolicy.HARD).maxMessages()).isZero();
    }

    @Test
    void unknownSignalBits() {
        assertInvalidArgument(() -> Signals.fromBits(0x1_0001), "bits=0x10001: bits 0x10000 are not signals");
    }

    @Test
    void codesMojoDoesNotDefine() {
        assertInvalidArgument(() -> MojoResult.fromCode(18), "code=18: not a MojoResult code (0 to 17)");
        assertInvalidArgument(() -> MojoResult.fromCode(-1), "code=-1");
        assertInvalidArgument(() -> ClosureReason.fromCode(4), "code=4: not a closure reason (0 to 3)");
    }

    @Test
    void readResultWhoseMessageDoesNotMatchItsResult() {
        assertInvalidArgument(() -> new ReadResult(MojoResult.OK, null),
                "result=OK, message=null: a message is present exactly when the result is OK");
        assertInvalidArgument(() -> new ReadResult(MojoResult.SHOULD_WAIT, new Message(new byte[0], List.of())),
                "result=SHOULD_WAIT, message=present");
    }

    @Test
    void boundsBelowOne() {
        try (MessagePipe p = core.createMessagePipe();
                Trap trap = core.createTrap(e -> {});
                WaitSet ws = core.createWaitSet()) {
            trap.addTrigger(p.end0(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1);
            assertInvalidArgument(() -> trap.arm(0), "maxBlockingEvents=0: must be 1 or more");
            assertInvalidArgument(() -> ws.wait(Deadline.NONE, 0), "maxResults=0: must be 1 or more");
        }
    }

    @Test
    void waitManyWithEmptyOrMismatchedLists() {
        try (MessagePipe p = core.createMessagePipe()) {
            assertInvalidArgument(() -> core.waitMany(List.of(), List.of(), Deadline.NONE),
                    "handles=[]: waitMany needs at least one handle");
            assertInvalidArgument(() -> core.waitMany(List.of(p.end0(), p.end1()), List.of(Signals.READABLE),
                    Deadline.NONE), "handles.size()=2, signals.size()=1: waitMany needs one signals entry per handle");
        }
    }

    @Test
    void nullIsJavasOwnException_namingTheParameter() {
        assertThatThrownBy(() -> new ReceiveQuota(1, 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("policy");
    }

    @Property
    void signalsFromAnyBits_areASetOrInvalidArgument(@ForAll int bits) {
        try {
            assertThat(Signals.fromBits(bits).bits()).isEqualTo(bits);
        } catch (MojoException e) {
            assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("bits=0x" + Integer.toHexString(bits));
        }
    }

    @Property
    void resultAndReasonFromAnyCode_areAValueOrInvalidArgument(@ForAll int code) {
        try {
            assertThat(MojoResult.fromCode(code).code()).isEqualTo(code);
        } catch (MojoException e) {
            assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
            assertThat(code < 0 || code > 17).isTrue();
        }
        try {
            assertThat(ClosureReason.fromCode(code).code()).isEqualTo(code);
        } catch (MojoException e) {
            assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
            assertThat(code < 0 || code > 3).isTrue();
        }
    }

    @Property
    void quotaOfAnyLimits_isAQuotaOrInvalidArgument(@ForAll long maxMessages, @ForAll long maxBytes) {
        try {
            ReceiveQuota q = new ReceiveQuota(maxMessages, maxBytes, QuotaPolicy.SIGNAL);
            assertThat(q.maxMessages()).isNotNegative();
            assertThat(q.maxBytes()).isNotNegative();
        } catch (MojoException e) {
            assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
            assertThat(Math.min(maxMessages, maxBytes)).isNegative();
        }
    }
}
