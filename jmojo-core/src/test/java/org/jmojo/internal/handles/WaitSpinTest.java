package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;
import org.jmojo.system.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WaitSpinTest {
    @Test
    void await_conditionAlreadyTrue_true() {
        assertThat(WaitSpin.await(() -> true, Deadline.NONE)).isTrue();
    }

    @Test
    void await_deadlinePasses_false() {
        assertThat(WaitSpin.await(() -> false, Deadline.NONE)).isFalse();
        assertThat(WaitSpin.await(() -> false, Deadline.after(Duration.ofMillis(1)))).isFalse();
    }

    /**
     * The condition is false at the first check and true at the next, which is the spin's first poll
     * (or, with no spin time configured, the park loop's first check): true either way, no other thread.
     */
    @Test
    void await_conditionTrueAtTheSecondCheck_true_afterExactlyTwoChecks() {
        AtomicInteger checks = new AtomicInteger();

        assertThat(WaitSpin.await(() -> checks.incrementAndGet() >= 2, Deadline.INFINITE)).isTrue();

        assertThat(checks.get()).isEqualTo(2);
    }

    @Test
    void await_conditionMadeTrueAndUnparkedByAnotherThread_true() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread waiter = Thread.currentThread();
        Thread setter = Thread.ofPlatform().unstarted(() -> {
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // past the spin phase: parked without a timeout
            }
            done.set(true);
            LockSupport.unpark(waiter);
        });
        setter.start();
        assertThat(WaitSpin.await(done::get, Deadline.INFINITE)).isTrue();
        setter.join();
    }

    @Test
    void everyWait_whileHoldingJmojoLock_illegalState_evenWhenTheConditionAlreadyHolds() {
        RankedLock lock = new RankedLock(LockRank.ENDPOINT);
        lock.lock();
        try {
            assertThatThrownBy(() -> WaitSpin.await(() -> false, Deadline.INFINITE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lock");
            assertThatThrownBy(() -> WaitSpin.await(() -> true, Deadline.INFINITE))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> WaitSpin.spin(() -> "ready", Deadline.INFINITE))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> WaitSpin.park(() -> true, Deadline.INFINITE))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void spin_deadlinePassed_nullWithoutPolling() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(WaitSpin.<Object>spin(() -> {
            polls.incrementAndGet();
            return "value";
        }, Deadline.NONE)).isNull();
        assertThat(polls).hasValue(0);
    }

    @Test
    void spin_pollAnswers_thatValue_andPollsNoMore() {
        AtomicInteger polls = new AtomicInteger();

        String value = WaitSpin.spin(() -> polls.incrementAndGet() == 1 ? "first" : "later", Deadline.INFINITE);

        assertThat(value).isEqualTo("first");
        assertThat(polls).hasValue(1);
    }

    @Test
    void spin_pollNeverAnswers_nullOnceTheSpinTimeIsOver_afterPollingMoreThanOnce() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(WaitSpin.<Object>spin(() -> {
            polls.incrementAndGet();
            return null;
        }, Deadline.INFINITE)).isNull();
        // The spin polls until its time is over, then once more.
        assertThat(polls.get()).isGreaterThanOrEqualTo(2);
    }

    /**
     * Not a timing assertion: the clock only builds a poll that cannot answer inside the spin window
     * (the window starts after {@code start}), so only the poll made after the window closes can answer.
     * No duration is asserted, and load cannot change the outcome; it kills the mutant that drops that
     * last poll, which no clock-free poll can tell apart from a poll inside the window.
     */
    @Test
    void spin_pollAnswersOnlyOnceTheSpinTimeIsOver_thatValue_fromTheLastPoll() {
        long start = System.nanoTime();

        String value = WaitSpin.spin(() -> System.nanoTime() - start >= WaitSpin.SPIN_NANOS ? "late" : null,
                Deadline.INFINITE);

        assertThat(value).isEqualTo("late");
    }

    @Test
    void spin_limitZero_nullWithoutPolling() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(WaitSpin.<Object>spin(() -> {
            polls.incrementAndGet();
            return "ready";
        }, Deadline.INFINITE, 0)).isNull();
        assertThat(polls).hasValue(0);
    }

    @Test
    void park_conditionAlreadyTrue_trueWithoutParking() {
        AtomicInteger checks = new AtomicInteger();

        assertThat(WaitSpin.park(() -> checks.incrementAndGet() > 0, Deadline.INFINITE)).isTrue();
        assertThat(checks).hasValue(1);
    }

    @Test
    void park_deadlinePasses_falseUnlessTheConditionBecameTrueAtTheLastCheck() {
        assertThat(WaitSpin.park(() -> false, Deadline.after(Duration.ofMillis(1)))).isFalse();
        // The condition is checked once more when the time is up: true then, true returned.
        AtomicInteger checks = new AtomicInteger();
        assertThat(WaitSpin.park(() -> checks.incrementAndGet() >= 2, Deadline.NONE)).isTrue();
        assertThat(checks).hasValue(2);
    }

    @Test
    void park_interruptedWhileWaiting_keepsWaiting_thenReturnsWithTheInterruptStatusSet() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean result = new AtomicBoolean();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> {
            result.set(WaitSpin.park(done::get, Deadline.INFINITE));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        // The interrupt wakes it; it clears the status and parks again (WAITING), still not done.
        while (waiter.getState() != Thread.State.WAITING || waiter.isInterrupted()) {
            Thread.onSpinWait();
        }
        assertThat(waiter.isAlive()).isTrue();

        done.set(true);
        LockSupport.unpark(waiter);
        waiter.join();
        assertThat(result).isTrue();
        assertThat(interruptedAfter).as("interrupt status restored when the wait ends").isTrue();
    }
}
