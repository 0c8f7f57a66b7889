package org.jmojo.internal.handles;

import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.Signals;

/**
 * Three nodes of this JVM joined by a {@link SimulatedNetwork} whose frames move only when a test delivers them, for
 * tests that drive one interleaving of the ports protocol by hand. One instance per test (JUnit's default).
 */
abstract class ThreeSimulatedNodes {
    final SimulatedNetwork network = new SimulatedNetwork();
    final LocalCore a = joined();
    final LocalCore b = joined();
    final LocalCore c = joined();

    private LocalCore joined() {
        LocalCore n = LocalCore.of(LocalCore.newNode());
        network.join(n.core());
        return n;
    }

    /** Delivers every frame waiting on the link from {@code from} to {@code to}, and nothing else. */
    void deliverAllOn(LocalCore from, LocalCore to) {
        SimulatedNetwork.Link link = new SimulatedNetwork.Link(from.nodeName(), to.nodeName());
        while (network.deliverOn(link)) {
            // one frame at a time
        }
    }

    static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }
}
