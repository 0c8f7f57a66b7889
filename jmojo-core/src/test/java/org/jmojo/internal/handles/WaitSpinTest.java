package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void await_whileHoldingJmojoLock_illegalState() {
        RankedLock lock = new RankedLock(LockRank.ENDPOINT);
        lock.lock();
        try {
            assertThatThrownBy(() -> WaitSpin.await(() -> false, Deadline.INFINITE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lock");
        } finally {
            lock.unlock();
        }
    }
}
