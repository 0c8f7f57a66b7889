package org.jmojo.internal.ports.wire;

import java.util.Objects;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;

/**
 * A port on its way to another node (DESIGN.md §3, "Moving a port"): everything the destination needs to create
 * the port's new location under the name {@code newPort}. Carried by user messages and merge-port; 120 bytes on the
 * wire ({@link PortDescriptorLayout}).
 *
 * @param newPort the name the destination gives the port; never zero
 * @param peerNode the node of the port's peer
 * @param peerPort the port's peer, where the new port sends
 * @param referringNode the node the descriptor leaves (must be the frame's sender: the node layer checks)
 * @param referringPort the old location, which becomes a proxy; the new port expects its first events from it
 * @param nextSequenceToSend the user sequence of the port's next message; 1 or more
 * @param nextSequenceToRead the user sequence the port reads next; 1 or more
 * @param lastSequenceToReceive the last user sequence the peer sent, once known; {@link SequenceNumbers#NONE} = unknown
 * @param readAckRequestedUpTo a pending read-ack request; {@link SequenceNumbers#NONE} = none
 * @param peerClosed whether the port knows its peer closed (flag bit 0)
 * @param peerLost whether the port's peer was lost with its node (flag bit 1)
 * @param closureReason why the peer is gone; {@link ClosureReason#USER_CLOSED} (code 0) unless a flag is set
 */
public record PortDescriptor(PortName newPort, NodeName peerNode, PortName peerPort, NodeName referringNode,
        PortName referringPort, long nextSequenceToSend, long nextSequenceToRead, long lastSequenceToReceive,
        long readAckRequestedUpTo, boolean peerClosed, boolean peerLost, ClosureReason closureReason) {
    /** Flag bit 0: the peer closed. */
    public static final int FLAG_PEER_CLOSED = 1;
    /** Flag bit 1: the peer was lost. */
    public static final int FLAG_PEER_LOST = 2;
    /** The flag bits version 1 defines; any other bit set is a violation. */
    public static final int KNOWN_FLAGS = FLAG_PEER_CLOSED | FLAG_PEER_LOST;

    public PortDescriptor {
        if (PortName.NONE.equals(newPort)) {
            throw new InvalidValue(Rejection.ZERO_NEW_PORT, "descriptor newPort is the zero name; a moved port gets a "
                    + "fresh name, never the zero one");
        }
        Invariants.port(newPort, "descriptor newPort");
        Invariants.node(peerNode, "descriptor peerNode");
        Invariants.port(peerPort, "descriptor peerPort");
        Invariants.node(referringNode, "descriptor referringNode");
        Invariants.port(referringPort, "descriptor referringPort");
        Invariants.counted(nextSequenceToSend, "descriptor nextSequenceToSend");
        Invariants.counted(nextSequenceToRead, "descriptor nextSequenceToRead");
        Invariants.countedOrNone(lastSequenceToReceive, "descriptor lastSequenceToReceive");
        Invariants.countedOrNone(readAckRequestedUpTo, "descriptor readAckRequestedUpTo");
        Objects.requireNonNull(closureReason, "closureReason");
        if (!peerClosed && !peerLost && closureReason != ClosureReason.USER_CLOSED) {
            throw new InvalidValue(Rejection.INCONSISTENT_DESCRIPTOR, "descriptor for " + newPort + " has closure reason "
                    + closureReason + " but neither peer-closed nor peer-lost; the reason is 0 while the peer is there");
        }
    }

    /** The u32 flags word: {@link #FLAG_PEER_CLOSED} and {@link #FLAG_PEER_LOST}. */
    public int flags() {
        return (peerClosed ? FLAG_PEER_CLOSED : 0) | (peerLost ? FLAG_PEER_LOST : 0);
    }
}
