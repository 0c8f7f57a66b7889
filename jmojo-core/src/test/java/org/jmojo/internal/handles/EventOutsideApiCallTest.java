package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jmojo.internal.ports.Node;
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
 * Issue 8, item 4: an event that arrives outside any system API call, as the I/O thread of a node will
 * deliver events from other nodes. Today a trap event it produces has no request context to be
 * delivered from, and the delivery fails. This test keeps that behaviour visible until events from
 * other nodes are delivered where docs/architecture.md §5 says (on the I/O thread, after every lock).
 */
@Timeout(60)
class EventOutsideApiCallTest {
    @Test
    void eventFromPlainThread_withArmedTrap_illegalStateTrapEventOutsideApiCall() throws Exception {
        LocalCore core = LocalCore.of(LocalCore.newNode());
        Node node = core.node();
        List<TrapEvent> events = new CopyOnWriteArrayList<>();
        try (MessagePipe p = core.createMessagePipe(); Trap trap = core.createTrap(events::add)) {
            assertThat(trap.addTrigger(p.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isEqualTo(MojoResult.OK);
            assertThat(trap.arm().result()).isEqualTo(MojoResult.OK);
            EndpointDispatcher writer = (EndpointDispatcher) HandleHolder.dispatcherOf(p.end0(), -1);
            EndpointDispatcher reader = (EndpointDispatcher) HandleHolder.dispatcherOf(p.end1(), -1);
            // The event a remote writer's node would hand in: message 1 from end0's port to end1's.
            UserMessageEvent event = new UserMessageEvent(node.name(), reader.port.name(), writer.port.name(), 1,
                    new LocalMessage(new byte[] {42}, List.of()));
            // A plain platform thread, in no API call: the future I/O thread's situation.
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    node.acceptEvent(event);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            assertThat(failure.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trap event produced outside a system API call");
            assertThat(events).isEmpty(); // the handler never ran
            // The message itself was queued: only its trap event had nowhere to go.
            assertThat(p.end1().readMessage().message().bytes()).containsExactly(42);
        }
    }
}
