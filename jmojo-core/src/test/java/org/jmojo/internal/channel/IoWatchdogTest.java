package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog's rule on one I/O thread, driven by hand: a unit of work running too long is reported once. */
@Timeout(120)
class IoWatchdogTest {
    /** Far enough ahead that any running unit has run longer than the 1 ns threshold the test uses. */
    private static long anHourFromNow() {
        return System.nanoTime() + TimeUnit.HOURS.toNanos(1);
    }

    @Test
    void taskBlockingTheIoThread_reportedOnceWithItsStack_idleThreadNever() throws Exception {
        try (IoThread io = new IoThread("watchdog-io")) {
            assertThat(io.checkStall(anHourFromNow(), 1)).as("an idle thread is not stalled").isNull();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            io.execute(() -> taskThatWaitsForALatch(started, release));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                assertThat(io.checkStall(System.nanoTime(), TimeUnit.HOURS.toNanos(1)))
                        .as("under the threshold: not yet").isNull();
                IoWatchdog.Stall stall = io.checkStall(anHourFromNow(), 1);
                assertThat(stall).isNotNull();
                assertThat(stall.threadName()).isEqualTo("watchdog-io");
                assertThat(stall.stack()).anySatisfy(frame -> {
                    assertThat(frame.getClassName()).isEqualTo(IoWatchdogTest.class.getName());
                    assertThat(frame.getMethodName()).isEqualTo("taskThatWaitsForALatch");
                });
                assertThat(stall.describe()).contains("watchdog-io", "IoWatchdogTest.taskThatWaitsForALatch");
                assertThat(io.checkStall(anHourFromNow(), 1)).as("the same stall is reported once").isNull();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void threshold_notPositive_illegalArgumentNamingIt() {
        assertThatThrownBy(() -> IoWatchdog.threshold(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }

    private static void taskThatWaitsForALatch(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
