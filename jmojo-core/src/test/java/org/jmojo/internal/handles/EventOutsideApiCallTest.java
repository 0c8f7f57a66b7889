package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.ports.UserMessageEvent;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 4: an event that arrives outside any system API call, as the I/O thread of a node
 * delivers events from other nodes. This once failed with {@code IllegalStateException("trap event
 * produced outside a system API call")}: the trap event had no request context to be delivered from.
 * Now the handler runs where docs/architecture.md §5 says: on the delivering thread, after every lock
 * is released.
 */
@Timeout(60)
class EventOutsideApiCallTest {
    @Test
    void eventFromPlainThread_withArmedTrap_handlerRunsOnThatThreadAfterLocks() throws Exception {
        LocalCore core = LocalCore.of(LocalCore.newNode());
        Node node = core.node();
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
        List<Boolean> locksHeld = new CopyOnWriteArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); Trap trap = core.createTrap(e -> {
            handlerThreads.add(Thread.currentThread());
            locksHeld.add(HeldLocks.total() != 0);
            events.add(e);
        })) {
            assertThat(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isEqualTo(MojoResult.OK);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            EndpointDispatcher writer = (EndpointDispatcher) HandleHolder.dispatcherOf(p.end0(), -1);
            EndpointDispatcher reader = (EndpointDispatcher) HandleHolder.dispatcherOf(p.end1(), -1);
            // The event a remote writer's node would hand in: message 1 from end0's port to end1's.
            UserMessageEvent event = new UserMessageEvent(node.name(), reader.port.name(), writer.port.name(), 1,
                    new LocalMessage(new byte[] {42}));
            // A plain platform thread, in no API call: the I/O thread's situation.
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread deliverer = Thread.ofPlatform().unstarted(() -> {
                try {
                    node.acceptEvent(event);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            deliverer.start();
            assertThat(failure.get(30, TimeUnit.SECONDS)).isNull();
            // The handler ran once, on the delivering thread, before acceptEvent returned, with no lock held.
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.result()).isEqualTo(MojoResult.OK);
                assertThat(e.signalsState().satisfiesAll(Signals.READABLE)).isTrue();
            });
            assertThat(handlerThreads).containsExactly(deliverer);
            assertThat(locksHeld).containsExactly(false);
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(42);
        }
    }
}
