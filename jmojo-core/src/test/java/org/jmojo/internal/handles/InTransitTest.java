package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.ports.SendResult;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReadResult;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitResult;
import org.jmojo.system.WaitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/architecture.md §1, "A handle in transit" (issue 7, failures 2 and 3 and the stale write): while a write
 * that attaches a handle is running, the handle is busy; once that write has queued its message the
 * handle counts as sent, although the write has not returned yet.
 *
 * <p>A write is driven step by step here, as {@link EndpointDispatcher#write} runs it: the attached
 * handle is marked busy, the message is queued (the write's effect), and the transit ends. Between the
 * steps the test does what another thread could do at that moment, so every interleaving is exact.
 */
@Timeout(30)
class InTransitTest {
    private final Core core = Core.instance();
    private final LocalCore local = LocalCore.of(Core.instance());

    private static EndpointDispatcher dispatcherOf(Handle handle) {
        return (EndpointDispatcher) ((HandleHolder<?>) handle).dispatcher();
    }

    /** The step of a write that queues its message: {@code writer} sends {@code carried}'s port. */
    private SendResult queueCarrying(MessagePipeEndpoint writer, EndpointDispatcher carried) {
        EndpointDispatcher w = dispatcherOf(writer);
        LocalMessage m = LocalMessage.of(
                new byte[] {42}, List.of(LocalMessage.Attachment.ofPort(carried.port, carried.rightsForTransfer())));
        return local.node.sendUserMessage(w.port, w, m);
    }

    /**
     * Runs a write of {@code cargo.end0()} on {@code carrier.end0()} up to its effect: the handle is busy
     * and its message queued, but the write has not returned (the caller ends the transit).
     */
    private EndpointDispatcher sendTakesEffect(MessagePipe cargo, MessagePipe carrier) {
        EndpointDispatcher d = dispatcherOf(cargo.end0());
        d.beginTransit();
        assertThat(queueCarrying(carrier.end0(), d)).isEqualTo(SendResult.OK);
        return d;
    }

    private static void endTransit(Dispatcher d, boolean sent) {
        try (RequestContext c = RequestContext.enter()) {
            d.endTransit(sent);
        }
    }

    private static void assertBusy(Runnable operation) {
        assertThatThrownBy(operation::run)
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.BUSY))
                .isNotInstanceOf(InvalidHandleException.class)
                .hasMessageContaining("handle=0x");
    }

    private static void assertSent(Runnable operation) {
        assertThatThrownBy(operation::run)
                .isInstanceOf(InvalidHandleException.class)
                .hasMessageContaining("was sent in a message");
    }

    /** Before the write queues its message: every use is BUSY, queries and waits work, nothing is taken. */
    @Test
    void busyHandle_useIsBusy_queryAndWaitWork_failedWriteLeavesQueueWhole() {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe other = core.createMessagePipe();
        assertThat(cargo.end1().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        EndpointDispatcher d = dispatcherOf(cargo.end0());
        d.beginTransit();

        assertBusy(() -> cargo.end0().readMessage());
        assertBusy(() -> cargo.end0().writeMessage(new byte[] {1}));
        assertBusy(() -> other.end0().writeMessage(new byte[0], List.of(cargo.end0())));
        assertBusy(() -> cargo.end0().setReceiveQuota(ReceiveQuota.messages(1, QuotaPolicy.SIGNAL)));
        try (Trap trap = core.createTrap(e -> {}); WaitSet ws = core.createWaitSet()) {
            assertBusy(() -> trap.addTrigger(cargo.end0(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1));
            assertBusy(() -> ws.add(cargo.end0(), Signals.READABLE, 1));
        }
        assertThat(cargo.end0().isValid()).isTrue();
        assertThat(cargo.end0().querySignalsState().satisfiesAll(Signals.of(Signals.READABLE, Signals.WRITABLE))).isTrue();
        assertThat(core.wait(cargo.end0(), Signals.READABLE, Deadline.NONE).result()).isEqualTo(MojoResult.OK);
        assertThat(cargo.end0().queuedMessages()).isEqualTo(1);

        endTransit(d, false); // the write failed: usable again, with its queue untouched
        assertThat(cargo.end0().readMessage().message().bytes()).containsExactly(7);
        assertThat(cargo.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
        cargo.close();
        other.close();
    }

    /**
     * After the write queued its message and before it returns, a read through the old object must not
     * take a message out of the port, which now sits in the carrier's queue: the reader of the carrier
     * gets the endpoint with every message its peer wrote.
     */
    @Test
    void sentButWriteNotReturned_readThroughOldObject_takesNothing() {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        assertThat(cargo.end1().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        EndpointDispatcher d = sendTakesEffect(cargo, carrier);

        assertSent(() -> cargo.end0().readMessage());
        assertSent(() -> cargo.end0().writeMessage(new byte[] {1}));
        assertSent(() -> cargo.end0().querySignalsState());
        assertThat(cargo.end0().isValid()).isFalse();
        endTransit(d, true);

        Message m = carrier.end1().readMessage().message();
        try (MessagePipeEndpoint received = m.handle(0, MessagePipeEndpoint.class)) {
            assertThat(received.readMessage().message().bytes()).containsExactly(7);
            assertThat(received.readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
        cargo.close();
        carrier.close();
    }

    /**
     * Issue 7, failure 3: the receiver closes the endpoint before the sending write returns. A wait on the
     * old object ends CANCELLED (even for QUOTA_EXCEEDED, which could always be satisfied), never
     * FAILED_PRECONDITION with no signals; a query says the handle was sent.
     */
    @Test
    void receiverClosesBeforeSendingWriteReturns_waitOnOldObjectCancelled() {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        EndpointDispatcher d = sendTakesEffect(cargo, carrier);
        carrier.end1().readMessage().message().closeHandles();

        WaitResult w = core.wait(cargo.end0(), Signals.QUOTA_EXCEEDED, Deadline.NONE);
        assertThat(w.result()).isEqualTo(MojoResult.CANCELLED);
        assertThat(w.signalsState()).isEqualTo(org.jmojo.system.SignalsState.NONE);
        assertSent(() -> cargo.end0().querySignalsState());
        endTransit(d, true);
        assertThat(cargo.end1().querySignalsState().satisfiesAny(Signals.PEER_CLOSED)).isTrue();
        cargo.close();
        carrier.close();
    }

    /** A wait in progress on a handle in transit ends CANCELLED once the write succeeds. */
    @Test
    void waitInProgress_carryingWriteSucceeds_cancelled() throws Exception {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        EndpointDispatcher d = dispatcherOf(cargo.end0());
        d.beginTransit();
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(
                () -> result.set(core.wait(cargo.end0(), Signals.READABLE, Deadline.INFINITE)));
        while (d.observerCount() == 0) {
            Thread.onSpinWait(); // registered: it is past its checks and polls, waiting to be told
        }
        assertThat(queueCarrying(carrier.end0(), d)).isEqualTo(SendResult.OK);
        carrier.end1().readMessage().message().closeHandles(); // the new owner closes it at once
        endTransit(d, true);
        waiter.join();
        assertThat(result.get().result()).isEqualTo(MojoResult.CANCELLED);
        cargo.close();
        carrier.close();
    }

    /**
     * A write on another thread, stopped inside it: the list of handles it is given stops the writing
     * thread when the write asks for its size ({@code stopAt} -1: just after the write checked its own
     * endpoint) or for element {@code stopAt} (after the elements before it passed their checks). The
     * stopped thread holds no lock.
     */
    private static final class StoppedWrite extends AbstractList<Handle> {
        private final List<Handle> content;
        private final int stopAt;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);
        private final AtomicReference<Object> outcome = new AtomicReference<>();
        private final Thread thread;

        StoppedWrite(MessagePipeEndpoint writer, List<Handle> content, int stopAt) throws InterruptedException {
            this.content = content;
            this.stopAt = stopAt;
            this.thread = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(writer.writeMessage(new byte[] {1}, this));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            stopped.await();
        }

        private void stopHere(int where) {
            if (where == stopAt && stopped.getCount() > 0) {
                stopped.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public int size() {
            stopHere(-1);
            return content.size();
        }

        @Override
        public Handle get(int index) {
            stopHere(index);
            return content.get(index);
        }

        /** Lets the write go on and returns what it returned or threw. */
        Object finish() throws InterruptedException {
            resume.countDown();
            thread.join();
            return outcome.get();
        }
    }

    /**
     * Issue 7, smaller finding: a write through an object whose endpoint was sent and received elsewhere
     * meanwhile must not land after the new owner's writes. It fails, naming the handle as sent.
     */
    @Test
    void staleWriteResumesAfterEndpointReceivedElsewhere_refusedNewOwnersMessagesAlone() throws Exception {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        MessagePipeEndpoint old = cargo.end0();
        StoppedWrite stale = new StoppedWrite(old, List.of(), -1);

        assertThat(carrier.end0().writeMessage(new byte[0], List.of(old))).isEqualTo(MojoResult.OK);
        MessagePipeEndpoint received = carrier.end1().readMessage().message().handle(0, MessagePipeEndpoint.class);
        assertThat(received.writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);

        assertThat(stale.finish())
                .isInstanceOfSatisfying(InvalidHandleException.class, e -> assertThat(e.getMessage()).contains("was sent in a message"));
        ReadResult first = cargo.end1().readMessage();
        assertThat(first.message().bytes()).containsExactly(2);
        assertThat(cargo.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        received.close();
        cargo.close();
        carrier.close();
    }

    /**
     * The same stale write when the new owner has already closed the endpoint: it is reported as sent (its
     * own fate), not as "closed during the write", which would blame a close nobody made on this object.
     */
    @Test
    void staleWriteResumesAfterNewOwnerClosedEndpoint_reportedAsSent() throws Exception {
        MessagePipe cargo = core.createMessagePipe();
        MessagePipe carrier = core.createMessagePipe();
        MessagePipeEndpoint old = cargo.end0();
        StoppedWrite stale = new StoppedWrite(old, List.of(), -1);
        assertThat(carrier.end0().writeMessage(new byte[0], List.of(old))).isEqualTo(MojoResult.OK);
        carrier.end1().readMessage().message().closeHandles();
        assertThat(stale.finish())
                .isInstanceOfSatisfying(InvalidHandleException.class, e -> assertThat(e.getMessage()).contains("was sent in a message"));
        cargo.close();
        carrier.close();
    }

    /**
     * Issue 7, smaller finding: an attached handle closed between the write's checks and the moment the
     * write marks it busy is reported with its index, not -1; the other attachment stays valid.
     */
    @Test
    void attachmentClosedDuringWrite_invalidHandleNamesItsIndex() throws Exception {
        MessagePipe carrier = core.createMessagePipe();
        MessagePipe a = core.createMessagePipe();
        MessagePipe b = core.createMessagePipe();
        StoppedWrite write = new StoppedWrite(carrier.end0(), List.of(a.end0(), b.end0()), 1); // handles[0] checked
        a.end0().close();

        assertThat(write.finish()).isInstanceOfSatisfying(InvalidHandleException.class, e -> {
            assertThat(e.index()).isEqualTo(0);
            assertThat(e.handle()).isEqualTo(a.end0().value());
            assertThat(e.getMessage()).contains("handles[0]").contains("is closed");
        });
        assertThat(b.end0().isValid()).isTrue();
        assertThat(carrier.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        carrier.close();
        a.close();
        b.close();
    }
}
