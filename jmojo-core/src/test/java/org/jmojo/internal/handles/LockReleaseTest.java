package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Right;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every system API call returns with no jmojo lock held, whether it succeeds, fails as a value or
 * throws: each lock is released on every path. A lock left held by mistake would go unnoticed by a
 * single-threaded test (the locks are reentrant) until another thread blocked on it for ever; here
 * the per-thread count of held locks ({@link HeldLocks#total()}) is checked after each call, and then
 * another thread uses the same handles.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockReleaseTest {
    private final Core core = Core.instance();

    private static void noLockHeld(String after) {
        assertThat(HeldLocks.total()).as("locks held after %s", after).isZero();
    }

    private static void call(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException expectedOrNot) {
            // Some calls here are misuse on purpose; what matters is the locks afterwards.
        }
        noLockHeld(what);
    }

    @Test
    void everyCall_successOrFailure_releasesEveryLock() throws Exception {
        List<TrapEvent> events = new ArrayList<>();
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        MessagePipe c = core.createMessagePipe();
        Trap trap = core.createTrap(events::add);
        WaitSet set = core.createWaitSet();
        noLockHeld("creating handles");

        // Writes and reads, with and without attachments, refused and accepted.
        call("write", () -> a.end0().writeMessage(new byte[] {1}));
        call("query", () -> a.end1().querySignalsState());
        call("queued", () -> a.end1().queuedMessages());
        call("peerClosureReason", () -> a.end1().peerClosureReason());
        call("read", () -> a.end1().readMessage());
        call("read empty", () -> a.end1().readMessage());
        call("attach self", () -> a.end0().writeMessage(new byte[0], List.of(a.end0())));
        call("attach peer", () -> a.end0().writeMessage(new byte[0], List.of(a.end1())));
        call("attach twice", () -> a.end0().writeMessage(new byte[0], List.of(c.end0(), c.end0())));
        call("attach trap", () -> a.end0().writeMessage(new byte[0], List.of(trap)));
        call("send endpoint", () -> b.end0().writeMessage(new byte[] {2}, List.of(c.end0())));
        call("use sent", () -> c.end0().writeMessage(new byte[0]));
        Message carried = b.end1().readMessage().message();
        noLockHeld("read with a handle");
        MessagePipeEndpoint received = carried.handle(0, MessagePipeEndpoint.class);

        // Rights and quotas.
        call("rights", () -> received.rights());
        call("reduce rights", () -> received.reduceRights(Set.of(Right.DUPLICATE)));
        call("quota", () -> received.setReceiveQuota(ReceiveQuota.messages(1, QuotaPolicy.HARD)));
        call("get quota", () -> received.receiveQuota());
        call("write over quota", () -> c.end1().writeMessage(new byte[1]));
        call("write past a hard quota", () -> c.end1().writeMessage(new byte[1]));

        // Waits: satisfied, unsatisfiable, timed out, many.
        call("wait satisfied", () -> core.wait(a.end0(), Signals.WRITABLE, Deadline.NONE));
        call("wait timed out", () -> core.wait(a.end0(), Signals.READABLE, Deadline.NONE));
        call("waitMany", () -> core.waitMany(List.of(a.end0(), a.end1()),
                List.of(Signals.READABLE, Signals.WRITABLE), Deadline.NONE));
        // Past the spin: an observer is registered, then removed when the deadline passes.
        call("wait registered, timed out", () -> core.wait(a.end0(), Signals.READABLE, Deadline.after(Duration.ofMillis(20))));
        call("waitMany registered, timed out", () -> core.waitMany(List.of(a.end0(), a.end1()),
                List.of(Signals.READABLE, Signals.PEER_CLOSED), Deadline.after(Duration.ofMillis(20))));
        call("waitMany misuse", () -> core.waitMany(List.of(a.end0()), List.of(), Deadline.NONE));

        // Traps: add, add again, arm (blocked and armed), remove, remove again.
        call("addTrigger", () -> trap.addTrigger(a.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1));
        call("addTrigger again", () -> trap.addTrigger(a.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1));
        call("addTrigger sent", () -> trap.addTrigger(c.end0(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 2));
        call("arm", () -> trap.arm());
        call("write to a watched endpoint", () -> a.end0().writeMessage(new byte[] {3}));
        call("arm blocked", () -> trap.arm());
        call("removeTrigger", () -> trap.removeTrigger(1));
        call("removeTrigger unknown", () -> trap.removeTrigger(1));

        // Wait sets: add, add again, wait, remove.
        call("waitSet add", () -> set.add(a.end1(), Signals.READABLE, 7));
        call("waitSet add again", () -> set.add(a.end1(), Signals.READABLE, 7));
        call("waitSet add closed", () -> set.add(c.end0(), Signals.READABLE, 8));
        call("waitSet wait", () -> set.wait(Deadline.NONE, 4));
        call("waitSet remove", () -> set.remove(7));
        call("waitSet remove unknown", () -> set.remove(7));
        call("waitSet wait empty", () -> set.wait(Deadline.NONE, 4));

        // Async reads and closes, with a trap and a wait set still watching.
        call("waitSet add for close", () -> set.add(b.end1(), Signals.READABLE, 9));
        call("addTrigger for close", () -> trap.addTrigger(b.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 3));
        CompletableFuture<Message> async = a.end1().readAsync(Runnable::run);
        noLockHeld("readAsync");
        call("close watched", () -> b.close());
        call("close received", received::close);
        call("close twice", received::close);
        call("pass closed", () -> received.pass());
        call("close carrier", carried::closeHandles);
        call("close trap", trap::close);
        call("close wait set", set::close);
        call("close rest", () -> {
            a.close();
            c.close();
        });
        assertThat(async).isDone();
        assertThat(events).isNotEmpty();

        // Another thread can take every lock these handles used: none was left held on this one.
        try (MessagePipe d = core.createMessagePipe()) {
            CompletableFuture.runAsync(() -> {
                        assertThat(d.end0().writeMessage(new byte[] {4})).isEqualTo(MojoResult.OK);
                        assertThat(d.end1().readMessage().isOk()).isTrue();
                        assertThatThrownBy(() -> a.end0().writeMessage(new byte[0]))
                                .isInstanceOf(MojoException.class);
                    })
                    .get(30, TimeUnit.SECONDS);
        }
        noLockHeld("the whole test");
    }
}
