package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ReadTokenWait} against a scripted token ({@link TokenTransport}): who reads the channel (a platform thread
 * waiting outside any call, with time enough; never a virtual thread, a wait inside a call, or a short wait), how
 * the token is taken (asked for when busy), given back (always), given up when another waiter wants it, and that
 * the handlers of what the holder reads go to the channel's own thread. The frame a wait needs is left undelivered
 * until someone reads the link, so the only way the wait can end by itself is through the token.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadTokenWaitTest {
    private final TokenTransport net = new TokenTransport();
    private final MessagePipe pipe = net.a.createMessagePipeTo(net.b); // end0 on a, end1 on b

    @AfterEach
    void closePipe() {
        pipe.close();
        net.deliverToB();
    }

    private Dispatcher waitedOn() {
        return HandleHolder.dispatcherOf(pipe.end1(), -1);
    }

    /** Runs {@code body} on a new platform thread; returns its wait result. */
    private static WaitResult onPlatformThread(java.util.function.Supplier<WaitResult> body) throws InterruptedException {
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> result.set(body.get()));
        t.join();
        return result.get();
    }

    /** Spins (no sleep) until the wait on {@code d} has registered its observer; the class's timeout interrupts it. */
    private static void awaitObserver(Dispatcher d) throws InterruptedException {
        while (d.observerCount() == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("no wait registered on " + d);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void platformThread_readsTheLinkItself_takesAndGivesBackTheTokenOnce() throws Exception {
        assertThat(pipe.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
        assertThat(net.waitingForB()).isEqualTo(1);
        WaitResult r = onPlatformThread(() -> net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE));
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        assertThat(net.reader.acquired.get()).isEqualTo(1);
        assertThat(net.reader.releases.get()).isEqualTo(1);
        assertThat(net.reader.wants.get()).isZero();
        assertThat(net.reader.reads.get()).isPositive();
        assertThat(net.reader.readers).doesNotContain(Thread.currentThread());
        assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(7);
        assertThat(waitedOn().observerCount()).isZero();
    }

    @Test
    void tokenBusy_theWaiterAsksForIt_andReadsOnceItIsFree() throws Exception {
        net.reader.refuseFirst = 2; // the I/O thread holds it for two more tries
        pipe.end0().writeMessage(new byte[] {8});
        WaitResult r = onPlatformThread(() -> net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE));
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        assertThat(net.reader.wants.get()).isEqualTo(1);
        assertThat(net.reader.refused.get()).isEqualTo(2);
        assertThat(net.reader.acquired.get()).isEqualTo(1);
        assertThat(net.reader.releases.get()).isEqualTo(1);
    }

    @Test
    void virtualThread_neverReads_parksUntilTheFrameIsDeliveredElsewhere() throws Exception {
        pipe.end0().writeMessage(new byte[] {1});
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(
                () -> result.set(net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE)));
        awaitObserver(waitedOn());
        assertThat(net.deliverToB()).isEqualTo(1);
        t.join();
        assertThat(result.get().result()).isEqualTo(MojoResult.OK);
        assertThat(net.reader.acquired.get() + net.reader.refused.get()).isZero();
    }

    @Test
    void waitShorterThanAHold_parksAndEndsOnItsDeadline_withoutTheToken() throws Exception {
        pipe.end0().writeMessage(new byte[] {1});
        WaitResult r = onPlatformThread(() -> net.b.core().wait(pipe.end1(), Signals.READABLE,
                Deadline.after(Duration.ofNanos(ReadTokenWait.MAX_HOLD_NANOS / 2))));
        assertThat(r.result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        assertThat(net.reader.acquired.get() + net.reader.refused.get()).isZero();
        assertThat(net.waitingForB()).isEqualTo(1);
    }

    @Test
    void waitInsideAnApiCall_neverReads() throws Exception {
        pipe.end0().writeMessage(new byte[] {1});
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try (RequestContext c = RequestContext.enter()) { // as inside a trap handler
                result.set(net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE));
            }
        });
        awaitObserver(waitedOn());
        net.deliverToB();
        t.join();
        assertThat(result.get().result()).isEqualTo(MojoResult.OK);
        assertThat(net.reader.acquired.get() + net.reader.refused.get()).isZero();
    }

    @Test
    void anotherWaiterWantsTheToken_theHolderGivesItUp_andParks() throws Exception {
        net.reader.wanted = true;
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(
                () -> result.set(net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE)));
        // The waiter takes the token, reads (nothing yet), sees it wanted, gives it back and parks.
        net.reader.released.await();
        assertThat(net.reader.acquired.get()).isEqualTo(1);
        assertThat(net.reader.awaits.get()).isZero();
        pipe.end0().writeMessage(new byte[] {2});
        net.deliverToB(); // as the newer holder would
        t.join();
        assertThat(result.get().result()).isEqualTo(MojoResult.OK);
        assertThat(net.reader.acquired.get()).isEqualTo(1); // parked for the rest of its wait
        assertThat(net.reader.wakes.get()).as("no longer reading: woken by unparking, not through the channel").isZero();
    }

    @Test
    void holdsTheTokenForABoundedStretch_thenTakesItAgain_givingItBackEachTime() throws Exception {
        net.reader.deliverFromAcquisition = 2; // the frame comes only to a second holding
        pipe.end0().writeMessage(new byte[] {6});
        WaitResult r = onPlatformThread(() -> net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE));
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        assertThat(net.reader.acquired.get()).isGreaterThanOrEqualTo(2);
        assertThat(net.reader.releases.get()).isEqualTo(net.reader.acquired.get());
        assertThat(net.reader.awaits.get()).isPositive();
    }

    @Test
    void pipeWithinTheNode_neverAsksTheTransportForAToken() throws Exception {
        MessagePipe local = net.b.core().createMessagePipe();
        try {
            AtomicReference<WaitResult> result = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(
                    () -> result.set(net.b.core().wait(local.end1(), Signals.READABLE, Deadline.INFINITE)));
            awaitObserver(HandleHolder.dispatcherOf(local.end1(), -1));
            local.end0().writeMessage(new byte[] {1});
            t.join();
            assertThat(result.get().result()).isEqualTo(MojoResult.OK);
            assertThat(net.reader.acquired.get() + net.reader.refused.get()).isZero();
        } finally {
            local.close();
        }
    }

    @Test
    void outcomeSetByAnotherThreadWhileTheHolderAwaitsTheChannel_wakesItsPoll() throws Exception {
        net.reader.awaitUntilWoken = true;
        AtomicReference<WaitResult> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(
                () -> result.set(net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE)));
        net.reader.inAwait.await();
        pipe.end1().close(); // ends the wait CANCELLED, from this thread
        t.join();
        assertThat(result.get().result()).isEqualTo(MojoResult.CANCELLED);
        assertThat(net.reader.wakes.get()).isEqualTo(1);
        assertThat(net.reader.releases.get()).isEqualTo(1);
    }

    @Test
    void handlersOfWhatTheHolderReads_runOnTheChannelsThread_notOnTheWaiter() throws Exception {
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
        MessagePipe other = net.a.createMessagePipeTo(net.b);
        try (Trap trap = net.b.core().createTrap(e -> {
            events.add(e);
            handlerThreads.add(Thread.currentThread());
        })) {
            trap.addTrigger(other.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 5);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            other.end0().writeMessage(new byte[] {3}); // for the trap: read by the holder first
            pipe.end0().writeMessage(new byte[] {4}); // ends the wait
            AtomicReference<Thread> waiter = new AtomicReference<>();
            WaitResult r = onPlatformThread(() -> {
                waiter.set(Thread.currentThread());
                return net.b.core().wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE);
            });
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(events).isEmpty();
            net.reader.runHandlerTasks();
            assertThat(events).extracting(TrapEvent::context, TrapEvent::result)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, MojoResult.OK));
            assertThat(handlerThreads).containsExactly(Thread.currentThread());
        } finally {
            other.close();
        }
    }
}
