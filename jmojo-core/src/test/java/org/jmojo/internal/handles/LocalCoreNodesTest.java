package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.ports.NameGenerator;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalCore}'s node operations at their edges: joining a node to a transport, pipes between
 * nodes, the node of a handle, and the counts tests use to find leaks. {@code CrossNodeEventsTest}
 * and {@code NodeLossTest} cover the events themselves.
 */
class LocalCoreNodesTest {
    private static LocalCore newNode() {
        return LocalCore.of(LocalCore.newNode());
    }

    @Test
    void attachTransport_twice_illegalState_namingTheNode() {
        LocalCore a = newNode();
        EventTransport none = (from, to, bytes, fds) -> {};
        a.attachTransport(none);

        assertThatThrownBy(() -> a.attachTransport(none))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(a.nodeName() + " is already joined to other nodes");
        assertThatThrownBy(() -> newNode().attachTransport(null))
                .isInstanceOf(NullPointerException.class).hasMessage("eventTransport");
    }

    @Test
    void createMessagePipeTo_itself_illegalArgument() {
        LocalCore a = newNode();
        assertThatThrownBy(() -> a.createMessagePipeTo(a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("createMessagePipeTo(" + a.name() + "): the same node; use createMessagePipe");
        assertThat(a.portCount()).isZero();
    }

    @Test
    void pipeBetweenNodes_withoutATransport_aWriteCannotLeave_illegalStateNamingBothNodes() {
        LocalCore a = newNode();
        LocalCore b = newNode();
        MessagePipe pipe = a.createMessagePipeTo(b);
        assertThatThrownBy(() -> pipe.end0().writeMessage(new byte[] {1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no channel from " + a.nodeName() + " to " + b.nodeName());
        // Joined late (to nowhere), so that the closes can leave.
        a.attachTransport((from, to, bytes, fds) -> {});
        b.attachTransport((from, to, bytes, fds) -> {});
        pipe.close();
    }

    @Test
    void pipeBetweenNodes_eachEndOnItsNode_eventsGoThroughTheTransport() {
        LocalCore a = newNode();
        LocalCore b = newNode();
        List<String> sent = new ArrayList<>();
        a.attachTransport((from, to, bytes, fds) -> sent.add(from + "->" + to));
        b.attachTransport((from, to, bytes, fds) -> {});
        try (MessagePipe pipe = a.createMessagePipeTo(b)) {
            assertThat(LocalCore.nodeOf(pipe.end0())).isSameAs(a);
            assertThat(LocalCore.nodeOf(pipe.end1())).isSameAs(b);
            assertThat(a.portCount()).isEqualTo(1);
            assertThat(b.portCount()).isEqualTo(1);

            assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);

            assertThat(sent).containsExactly(a.nodeName() + "->" + b.nodeName());
        }
    }

    @Test
    void createTrapOnNodeOf_theHandlesNode_notTheDefault() {
        Core other = LocalCore.newNode();
        try (MessagePipe pipe = other.createMessagePipe();
                Trap trap = LocalCore.createTrapOnNodeOf(pipe.end1(), e -> {})) {
            // A trap of another node could not watch this handle.
            assertThat(trap.addTrigger(pipe.end1(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isEqualTo(MojoResult.OK);
            assertThat(LocalCore.nodeOf(trap)).isSameAs(LocalCore.of(other));
        }
    }

    @Test
    void counts_handlesPortsAndPortsInTransit() {
        LocalCore a = newNode();
        assertThat(a.liveHandleCount()).isZero();
        try (MessagePipe carrier = a.createMessagePipe()) {
            MessagePipe cargo = a.createMessagePipe();
            assertThat(a.liveHandleCount()).isEqualTo(4);
            assertThat(a.portCount()).isEqualTo(4);
            assertThat(a.portsInTransitCount()).isZero();

            assertThat(carrier.end0().writeMessage(new byte[0], List.of(cargo.end0()))).isEqualTo(MojoResult.OK);

            assertThat(a.liveHandleCount()).isEqualTo(3);
            assertThat(a.portsInTransitCount()).isEqualTo(1);
            carrier.end1().readMessage().message().closeHandles();
            cargo.close();
            assertThat(a.portsInTransitCount()).isZero();
        }
        assertThat(a.liveHandleCount()).isZero();
        assertThat(a.portCount()).isZero();
    }

    @Test
    void newNode_withNames_drawsItsNamesFromThem() {
        NameGenerator names = new NameGenerator();
        Core core = LocalCore.newNode(names);
        assertThat(LocalCore.of(core).core()).isSameAs(core);
        assertThatThrownBy(() -> LocalCore.newNode(null)).isInstanceOf(NullPointerException.class).hasMessage("names");
        assertThat(LocalCore.of(core).name()).isEqualTo(LocalCore.of(core).nodeName().toString());
        assertThat(core).hasToString("Core[" + LocalCore.of(core).name() + "]");
        assertThat(LocalCore.of(core).name()).startsWith("node:");
    }
}
