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

    static boolean peerClosed(MessagePipeEndpoint end) {
        return end.querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED);
    }
}
