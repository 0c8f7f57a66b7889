package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.channel.IoWatchdog;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trap handler that blocks its node's I/O thread (which §5 forbids) is reported by the I/O watchdog with the
 * handler's frame in the stack, instead of hanging the node silently; once it returns, the node goes on.
 */
@Timeout(120)
class BlockedIoThreadTest {
    @Test
    void trapHandlerWaitingOnALatch_reportedWithItsFrame_nodeGoesOnWhenItReturns() throws Exception {
        Duration threshold = IoWatchdog.threshold();
        IoWatchdog.threshold(Duration.ofMillis(200));
        try (SocketNetwork network = new SocketNetwork(false)) {
            Core a = Nodes.newNode();
            network.join(a);
            Core b = Nodes.newNode();
            network.join(b);
            String bIo = NodeChannels.existing(LocalCore.of(b)).ioThread().name();
            List<IoWatchdog.Stall> reports = new CopyOnWriteArrayList<>();
            CompletableFuture<IoWatchdog.Stall> first = new CompletableFuture<>();
            CountDownLatch release = new CountDownLatch(1);
            try (AutoCloseable listening = IoWatchdog.addListener(stall -> {
                        if (stall.threadName().equals(bIo)) {
                            reports.add(stall);
                            first.complete(stall);
                        }
                    });
                    MessagePipe p = Nodes.pipeBetween(a, b);
                    Trap trap = b.createTrap(event -> handlerThatWaitsForALatch(release))) {
                assertThat(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                        .isEqualTo(MojoResult.OK);
                assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
                assertThat(p.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);

                IoWatchdog.Stall stall = first.get(60, TimeUnit.SECONDS);
                release.countDown();
                assertThat(stall.stack()).anySatisfy(frame -> {
                    assertThat(frame.getClassName()).isEqualTo(BlockedIoThreadTest.class.getName());
                    assertThat(frame.getMethodName()).isEqualTo("handlerThatWaitsForALatch");
                });
                assertThat(stall.stalledFor()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
                assertThat(stall.describe()).contains(bIo, "BlockedIoThreadTest.handlerThatWaitsForALatch");

                // The handler returned: B's I/O thread reads again.
                assertThat(p.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
                assertThat(b.wait(p.end1(), Signals.READABLE, Deadline.after(Duration.ofSeconds(30))).result())
                        .isEqualTo(MojoResult.OK);
                assertThat(p.end1().readMessage().message().bytes()).containsExactly(1);
                // Reported once (a later slow unit of the same thread, under load, would be another report).
                assertThat(reports).filteredOn(r -> r.describe().contains("handlerThatWaitsForALatch")).hasSize(1);
            }
        } finally {
            IoWatchdog.threshold(threshold);
        }
    }

    private static void handlerThatWaitsForALatch(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
