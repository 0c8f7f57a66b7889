package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * The setting of the hostile-peer tests: node B joined over sockets to a well-behaved neighbour, node A, with a pipe
 * across. A test gives B a channel to a fake node of its own and then checks that the neighbour was unharmed.
 */
final class NodeWithNeighbour implements AutoCloseable {
    /** How long a read may wait (a hang guard; a flood may keep B's I/O thread busy meanwhile). */
    static final Duration WAIT = Duration.ofSeconds(60);
    private final SocketNetwork network = new SocketNetwork(false);
    final Core a;
    final Core b;
    final LocalCore bNode;
    final NodeChannels bChannels;
    final MessagePipe neighbour;

    NodeWithNeighbour() throws Exception {
        a = Nodes.newNode();
        network.join(a);
        b = Nodes.newNode();
        network.join(b);
        bNode = LocalCore.of(b);
        bChannels = NodeChannels.existing(bNode);
        neighbour = Nodes.pipeBetween(a, b);
    }

    /** The neighbour's pipe carries a message each way, and B's channel to A is up. */
    void assertNeighbourWorks() {
        for (int i = 0; i < 3; i++) {
            assertThat(neighbour.end0().writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
            assertThat(read(b, neighbour.end1())).containsExactly(i);
            assertThat(neighbour.end1().writeMessage(new byte[] {(byte) (i + 10)})).isEqualTo(MojoResult.OK);
            assertThat(read(a, neighbour.end0())).containsExactly(i + 10);
        }
        assertThat(bChannels.isConnectedTo(LocalCore.of(a).nodeName())).isTrue();
    }

    /** The next message on {@code end}, waiting for it. */
    static byte[] read(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message().bytes();
    }

    @Override
    public void close() {
        neighbour.close();
        network.close();
    }
}
