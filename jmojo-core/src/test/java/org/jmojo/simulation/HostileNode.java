package org.jmojo.simulation;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.EventDecodeException;
import org.jmojo.internal.ports.wire.MergePortEvent;
import org.jmojo.internal.ports.wire.ObserveClosureEvent;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.PortsEvent;
import org.jmojo.internal.ports.wire.UserMessageEvent;

/**
 * One node turned hostile: besides its ordinary traffic (its pipes are {@link PipeTraffic}'s like any
 * other), it puts forged frames on its links (docs/architecture.md §3, deterministic simulation):
 * <ul>
 *   <li>{@code stolen-sender}: a user message for a port of another node naming, as its sender, that port's
 *       peer (a port of a third node, or of the target's own node), with the control sequence the target
 *       expects next and the user sequence its reader reads next;
 *   <li>{@code forged-closure}: an observe-closure with the same stolen names (last sequence 0);
 *   <li>{@code replay}: a frame this node sent and the target processed, sent again;
 *   <li>{@code zero-control}: a sequenced event with control sequence 0;
 *   <li>{@code garbage}: bytes that are no event;
 *   <li>{@code flood}: more events held at one port than the out-of-order bound;
 *   <li>{@code forged-merge}: a merge-port for a port of another node, which expects no merge from this one,
 *       carrying a port of this node that names the target's peer as its own (docs/ports.md, "Merging").
 * </ul>
 * What must hold: no forged frame is ever processed ({@code [wrong-sender]}; a forged message never read),
 * garbage, a flood and a forged merge for a port that is still there cut this node off (both ends then run node loss), and every pipe not through this
 * node goes on unharmed (the other workloads' invariants).
 */
final class HostileNode implements Workload {
    private final int self;
    private final PipeTraffic traffic;
    /** Forged frames in flight, by identity, with the attack that made each. */
    private final Map<byte[], String> forged = new IdentityHashMap<>();
    /** Frames this node sent that were processed: what a replay sends again. */
    private final List<SimulatedNetwork.Link> replayLinks = new ArrayList<>();
    private final List<byte[]> replayFrames = new ArrayList<>();
    /** Per target port, the control sequence of the last frame it processed (what a thief could observe). */
    private final Map<PortName, Long> lastControl = new HashMap<>();
    /** The victim (pipe, end) and its port's name of each forged merge in flight, by identity. */
    private final Map<byte[], Object[]> mergeVictim = new IdentityHashMap<>();
    /** The target port of each flood frame in flight, by identity. */
    private final Map<byte[], PortName> floodTarget = new IdentityHashMap<>();
    /**
     * Flood frames held so far, per target port (the bound is per port and sending node; a seed may flood two
     * ports): never more than the bound at one port.
     */
    private final Map<PortName, Integer> floodHeld = new HashMap<>();

    /** One attack in this many is a flood (each costs the bound's worth of frames). */
    static final int FLOOD_ODDS = 1000;

    HostileNode(int self, PipeTraffic traffic) {
        this.self = self;
        this.traffic = traffic;
    }

    /** This node's index. */
    int self() {
        return self;
    }

    @Override
    public String name() {
        return "hostile node " + self;
    }

    /** Told of every delivered frame by the scheduler. */
    void delivered(World w, SimulatedNetwork.Link link, byte[] frame, Node.RemoteVerdict verdict,
            ProtocolViolationException violation) {
        String attack = forged.remove(frame);
        if (attack != null) {
            w.check(verdict != Node.RemoteVerdict.PROCESSED, "[wrong-sender]", "a forged frame (" + attack + ") from "
                    + "hostile node " + self + " was processed by node " + w.indexOf(link.to()));
            PortName flooded = floodTarget.remove(frame);
            if (flooded != null && verdict == Node.RemoteVerdict.HELD
                    && floodHeld.merge(flooded, 1, Integer::sum) == Node.MAX_HELD_PER_NODE + 1) {
                w.fail("[not-cut-off]", "port " + flooded + " held more flooded events from hostile node " + self
                        + " than the bound " + Node.MAX_HELD_PER_NODE);
            }
            Object[] merged = mergeVictim.remove(frame);
            if (merged != null) {
                PipeTraffic.Pipe p = traffic.pipes.get((int) merged[0]);
                int i = (int) merged[1];
                // Only a target gone meanwhile (closed: the carried port is made and closed) is no violation.
                w.check(violation != null || !PipeTraffic.usable(w, p, i) || !p.port[i].equals(merged[2]),
                        "[not-cut-off]", "a forged merge-port from hostile node " + self + " for " + p + " end " + i
                                + " was not a violation (" + verdict + ")");
            }
            if (attack.equals("garbage")) {
                w.check(violation != null, "[not-cut-off]", "garbage from hostile node " + self + " was not a violation");
            }
            return;
        }
        if (verdict != Node.RemoteVerdict.PROCESSED) {
            return;
        }
        try {
            PortsEvent e = EventCodec.decode(MemorySegment.ofArray(frame), 0);
            lastControl.put(e.target(), e.controlSequence());
        } catch (EventDecodeException e) {
            w.fail("[forged]", "a processed frame does not decode: " + e.getMessage());
        }
        if (link.from().equals(w.name(self)) && replayFrames.size() < 16) {
            replayLinks.add(link);
            replayFrames.add(frame.clone());
        }
    }

    @Override
    public void step(World w) {
        if (!w.alive(self)) {
            return;
        }
        int kind = w.random.nextInt(FLOOD_ODDS) == 0 ? 6 : w.random.nextInt(6);
        switch (kind) {
            case 0, 1 -> stolen(w, kind == 0);
            case 2 -> replay(w);
            case 3 -> zeroControl(w);
            case 4 -> garbage(w);
            case 5 -> forgedMerge(w);
            default -> flood(w);
        }
    }

    /** A victim: end i of a pipe, on another node than this one, still usable. Null if none. */
    private int[] victim(World w) {
        List<int[]> candidates = new ArrayList<>();
        for (int p = 0; p < traffic.pipes.size(); p++) {
            PipeTraffic.Pipe pipe = traffic.pipes.get(p);
            for (int i = 0; i < 2; i++) {
                if (pipe.node[i] != self && PipeTraffic.usable(w, pipe, i) && w.connected(self, pipe.node[i])
                        && pipe.node[1 - i] != self) {
                    candidates.add(new int[] {p, i});
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(w.random.nextInt(candidates.size()));
    }

    private void send(World w, int to, byte[] frame, String attack) {
        forged.put(frame, attack);
        w.stats.fault("hostile " + attack);
        w.trace(() -> "hostile n" + self + "->n" + to + " " + attack + ": " + World.describe(frame));
        w.network.sendRaw(w.name(self), w.name(to), frame);
    }

    private void stolen(World w, boolean message) {
        int[] v = victim(w);
        if (v == null) {
            return;
        }
        PipeTraffic.Pipe p = traffic.pipes.get(v[0]);
        int i = v[1];
        PortName target = p.port[i];
        PortName stolen = p.port[1 - i];
        long control = lastControl.getOrDefault(target, 0L) + 1;
        PortsEvent e = message
                ? UserMessageEvent.of(target, stolen, control, p.read[i] + 1,
                        MemorySegment.ofArray(Ledger.payload(p.id, 1 - i, p.read[i] + 1, true, w.random)))
                : new ObserveClosureEvent(target, stolen, control, 0, ClosureReason.USER_CLOSED);
        send(w, p.node[i], EventCodec.encode(e), message ? "stolen-sender" : "forged-closure");
    }

    private void forgedMerge(World w) {
        int[] v = victim(w);
        if (v == null) {
            return;
        }
        PipeTraffic.Pipe p = traffic.pipes.get(v[0]);
        int i = v[1];
        PortName sender = new PortName(w.random.nextLong(), w.random.nextLong() | 1);
        PortName made = new PortName(w.random.nextLong(), w.random.nextLong() | 1);
        byte[] frame = EventCodec.encode(new MergePortEvent(p.port[i], sender, new PortDescriptor(made,
                w.name(p.node[1 - i]), p.port[1 - i], w.name(self), sender, 1, 1, 0, 0, false, false,
                ClosureReason.USER_CLOSED)));
        mergeVictim.put(frame, new Object[] {p.id, i, p.port[i]});
        send(w, p.node[i], frame, "forged-merge");
    }

    private void replay(World w) {
        for (int k = 0; k < replayFrames.size(); k++) {
            SimulatedNetwork.Link link = replayLinks.get(k);
            int to = w.indexOf(link.to());
            if (to >= 0 && w.connected(self, to)) {
                send(w, to, replayFrames.get(k).clone(), "replay");
                return;
            }
        }
    }

    /** A port of this node with a peer on another node still connected: its (pipe, end). Null if none. */
    private int[] ownRemoteEnd(World w) {
        for (PipeTraffic.Pipe p : traffic.pipes) {
            for (int i = 0; i < 2; i++) {
                if (p.node[i] == self && p.node[1 - i] != self && w.connected(self, p.node[1 - i])) {
                    return new int[] {p.id, i};
                }
            }
        }
        return null;
    }

    private void zeroControl(World w) {
        int[] own = ownRemoteEnd(w);
        if (own == null) {
            return;
        }
        PipeTraffic.Pipe p = traffic.pipes.get(own[0]);
        int i = own[1];
        // Control sequence 0 is refused at the codec or by the port: either way a violation, or a drop if
        // the target port is gone.
        byte[] frame = EventCodec.encode(new ObserveClosureEvent(p.port[1 - i], p.port[i], 1, 0,
                ClosureReason.USER_CLOSED));
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putLong(40, 0); // the header's control sequence
        send(w, p.node[1 - i], frame, "zero-control");
    }

    private void garbage(World w) {
        int to = randomConnectedPeer(w);
        if (to < 0) {
            return;
        }
        byte[] frame = new byte[w.random.nextInt(120)];
        for (int k = 0; k < frame.length; k++) {
            frame[k] = (byte) w.random.nextInt(256);
        }
        if (frame.length >= 2) {
            frame[0] = (byte) (100 + w.random.nextInt(100)); // no event type is this large
            frame[1] = 0;
        }
        send(w, to, frame, "garbage");
    }

    private int randomConnectedPeer(World w) {
        List<Integer> peers = new ArrayList<>();
        for (int n : w.liveNodes()) {
            if (n != self && w.connected(self, n)) {
                peers.add(n);
            }
        }
        return peers.isEmpty() ? -1 : peers.get(w.random.nextInt(peers.size()));
    }

    private void flood(World w) {
        int[] v = victim(w);
        if (v == null) {
            return;
        }
        PipeTraffic.Pipe p = traffic.pipes.get(v[0]);
        int i = v[1];
        long control = lastControl.getOrDefault(p.port[i], 0L) + 2; // never the next: every one is held
        w.stats.fault("hostile flood");
        for (int k = 0; k <= Node.MAX_HELD_PER_NODE; k++) {
            byte[] frame = EventCodec.encode(new ObserveClosureEvent(p.port[i], p.port[1 - i], control + k, 0,
                    ClosureReason.USER_CLOSED));
            forged.put(frame, "flood");
            floodTarget.put(frame, p.port[i]);
            w.network.sendRaw(w.name(self), w.name(p.node[i]), frame);
        }
    }

    @Override
    public void afterFault(World w) {}

    @Override
    public void finish(World w) {
        // Frames discarded with a lost link were never delivered: nothing to check for them.
        forged.clear();
        floodTarget.clear();
        mergeVictim.clear();
    }
}
