package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, item 2 (moving ports), under a seeded schedule: two to four nodes joined by carrier pipes (one per
 * ordered pair of nodes), and a few tracked pipes whose ends write numbered messages, read, travel between nodes inside
 * carrier messages (both ends of a pipe may travel at once), travel inside another tracked pipe's messages while
 * that pipe's ends travel too (a pipe inside a moving pipe), and now and then close while their peer travels. The
 * seed chooses every action and which busy link delivers next ({@link MultiNodeFixture#deliverOn}); each link
 * stays first-in first-out. A failing seed is named in the assertion and replays exactly.
 *
 * <p>Checked as it runs and at quiescence (docs/ports.md, invariants):
 * <ul>
 *   <li>each end reads its peer's messages in the order written, each once, with no gap;
 *   <li>a read reports the peer gone (FAILED_PRECONDITION) only once every message the peer wrote has been read;
 *   <li>at quiescence every message written to a live end has been read, and every route has collapsed: no
 *       proxying or buffering port, no held event on any node;
 *   <li>no protocol violation was reported, and once everything is closed no handle or port is left.
 * </ul>
 */
@Timeout(300)
class PortMoveScheduleTest {
    /** The most nodes a seed uses; each seed takes 2, 3 or 4 (seed modulo 3). */
    private static final int MAX_NODES = 4;
    /** Tracked pipes whose ends travel through carriers and carry inner ends. */
    private static final int OUTER = 2;
    /** Tracked pipes whose ends also travel inside outer pipes' messages (never carrying anything themselves). */
    private static final int INNER = 2;

    /** One end of a tracked pipe. */
    private static final class End {
        final int pipe;
        final int side;
        /** The handle, while an endpoint of the test holds it; null while it travels in a message. */
        MessagePipeEndpoint handle;
        int node;
        boolean closed;

        End(int pipe, int side, MessagePipeEndpoint handle, int node) {
            this.pipe = pipe;
            this.side = side;
            this.handle = handle;
            this.node = node;
        }

        @Override
        public String toString() {
            return "pipe " + pipe + " end " + side + (handle == null ? " (travelling)" : " on node " + node)
                    + (closed ? " (closed)" : "");
        }
    }

    /** What a tracked pipe's ends wrote and read. */
    private static final class Tracked {
        final End[] ends = new End[2];
        /** written[s]: messages end s wrote (numbered from 0). */
        final int[] written = new int[2];
        /** read[s]: messages end s read, which end 1 - s wrote. */
        final int[] read = new int[2];
        /** end s read FAILED_PRECONDITION: its peer is gone and its queue drained. */
        final boolean[] sawPeerGone = new boolean[2];
    }

    private static byte[] payload(int pipe, int side, int seq, End carried) {
        return ByteBuffer.allocate(20).putInt(pipe).putInt(side).putInt(seq)
                .putInt(carried == null ? -1 : carried.pipe).putInt(carried == null ? -1 : carried.side).array();
    }

    /** What the runs did, summed over seeds: to show the schedule reaches the cases it is meant to. */
    private static final class Coverage {
        int moves;
        int nestedArrivals;
        int closesWhilePeerTravels;
        int stepsWithAProxy;
        int peerGoneSeen;
    }

    /** Seeds run by the test: 300, or {@code -Djmojo.portMoveSeeds=N} for a longer run by hand. */
    private static final int SEEDS = Integer.getInteger("jmojo.portMoveSeeds", 300);
    /** The first seed: 0, or {@code -Djmojo.portMoveFrom=S} to replay from seed S. */
    private static final int FROM = Integer.getInteger("jmojo.portMoveFrom", 0);

    @Test
    void randomMovesWritesReadsAndCloses_orderedCompleteCollapsedNoLeaks() {
        Coverage coverage = new Coverage();
        for (long seed = FROM; seed < FROM + SEEDS; seed++) {
            run(seed, coverage, nodesFor(seed));
        }
        // The schedule is not vacuous: ends moved, inner ends arrived inside outer pipes' messages, closes raced
        // transfers, proxies existed mid-run (and were all gone at each quiescence), peers were seen gone.
        System.out.printf("PortMoveScheduleTest: %d moves, %d nested arrivals, %d closes while the peer travelled, "
                + "%d steps with a proxy, %d peers seen gone%n", coverage.moves, coverage.nestedArrivals,
                coverage.closesWhilePeerTravels, coverage.stepsWithAProxy, coverage.peerGoneSeen);
        assertThat(coverage.moves).isGreaterThan(SEEDS * 8);
        assertThat(coverage.nestedArrivals).isGreaterThan(SEEDS);
        assertThat(coverage.closesWhilePeerTravels).isGreaterThan(SEEDS / 10);
        assertThat(coverage.stepsWithAProxy).isGreaterThan(SEEDS * 10);
        assertThat(coverage.peerGoneSeen).isGreaterThan(SEEDS / 3);
    }

    /**
     * Seeds that once failed, beyond the ones run above, replayed every time. 5339 on 3 nodes: a receiving end echoed a
     * closure back along its route (arming a proxy there at its last number), wrote once more (allowed: its queue
     * was not complete yet) and closed; the proxy re-armed at the higher number and waited forever for the
     * message it had dropped (fixed: the lowest number a proxy is armed at stands).
     */
    @Test
    void seedsThatOnceFailed_replayed() {
        run(5339, new Coverage(), 3);
    }

    /** The nodes seed {@code seed} uses: 2, 3 or 4. */
    private static int nodesFor(long seed) {
        return 2 + (int) (seed % (MAX_NODES - 1));
    }

    private static void run(long seed, Coverage coverage, int nodeTotal) {
        String where = "seed " + seed + " on " + nodeTotal + " nodes (PortMoveScheduleTest.run(" + seed
                + "L, new Coverage(), " + nodeTotal + ") replays it)";
        Random random = new Random(seed);
        try (MultiNodeFixture nodes = MultiNodeFixture.create(nodeTotal)) {
            MessagePipe[][] carriers = new MessagePipe[nodeTotal][nodeTotal];
            for (int i = 0; i < nodeTotal; i++) {
                for (int j = 0; j < nodeTotal; j++) {
                    if (i != j) {
                        carriers[i][j] = nodes.endpointPair(i, j);
                    }
                }
            }
            List<Tracked> pipes = new ArrayList<>();
            for (int p = 0; p < OUTER + INNER; p++) {
                int n0 = random.nextInt(nodeTotal);
                int n1 = random.nextInt(nodeTotal);
                MessagePipe made = nodes.endpointPair(n0, n1);
                Tracked t = new Tracked();
                t.ends[0] = new End(p, 0, made.end0(), n0);
                t.ends[1] = new End(p, 1, made.end1(), n1);
                pipes.add(t);
            }
            Run r = new Run(nodes, carriers, pipes, random, where, coverage);
            int steps = 50 + random.nextInt(250);
            for (int step = 0; step < steps; step++) {
                r.step();
                for (int n = 0; n < nodeTotal; n++) {
                    if (nodes.proxyCount(n) > 0) {
                        coverage.stepsWithAProxy++;
                        break;
                    }
                }
            }
            r.quiesce();
            r.finish();
        }
    }

    private static final class Run {
        final MultiNodeFixture nodes;
        final MessagePipe[][] carriers;
        final List<Tracked> pipes;
        final Random random;
        final String where;
        final Coverage coverage;
        final int nodeCount;

        Run(MultiNodeFixture nodes, MessagePipe[][] carriers, List<Tracked> pipes, Random random, String where,
                Coverage coverage) {
            this.coverage = coverage;
            this.nodeCount = carriers.length;
            this.nodes = nodes;
            this.carriers = carriers;
            this.pipes = pipes;
            this.random = random;
            this.where = where;
        }

        End end(int pipe, int side) {
            return pipes.get(pipe).ends[side];
        }

        /** A random end the test holds and has not closed, from pipes {@code from} (inclusive) to {@code to}. */
        End heldEnd(int from, int to) {
            return heldEnd(from, to, -1);
        }

        /** Like {@link #heldEnd(int, int)}, on node {@code node} only unless it is -1. */
        End heldEnd(int from, int to, int node) {
            List<End> held = new ArrayList<>();
            for (int p = from; p < to; p++) {
                for (End e : pipes.get(p).ends) {
                    if (e.handle != null && !e.closed && (node < 0 || e.node == node)) {
                        held.add(e);
                    }
                }
            }
            return held.isEmpty() ? null : held.get(random.nextInt(held.size()));
        }

        void step() {
            switch (random.nextInt(12)) {
                case 0, 1 -> write(heldEnd(0, pipes.size()), null);
                case 2 -> {
                    // An inner end into an outer pipe's message.
                    End carried = heldEnd(OUTER, OUTER + INNER);
                    End via = carried == null ? null : heldEnd(0, OUTER, carried.node);
                    if (carried != null && via != null) {
                        write(via, carried);
                    }
                }
                case 3 -> move(heldEnd(0, pipes.size()));
                case 4, 5, 6 -> deliverOne();
                case 7, 8 -> read(heldEnd(0, pipes.size()));
                case 9 -> readCarriers();
                case 10 -> {
                    if (random.nextInt(6) == 0) {
                        close(heldEnd(0, pipes.size()));
                    }
                }
                default -> {
                    for (int i = random.nextInt(4); i >= 0; i--) {
                        deliverOne();
                    }
                }
            }
        }

        void write(End e, End carried) {
            if (e == null) {
                return;
            }
            Tracked t = pipes.get(e.pipe);
            MojoResult result = carried == null
                    ? e.handle.writeMessage(payload(e.pipe, e.side, t.written[e.side], null))
                    : e.handle.writeMessage(payload(e.pipe, e.side, t.written[e.side], carried), List.of(carried.handle));
            if (result == MojoResult.OK) {
                t.written[e.side]++;
                if (carried != null) {
                    carried.handle = null;
                }
            } else {
                // Only a peer that is gone, with every message it wrote arrived, refuses a write.
                assertThat(result).as(where + ": write on " + e).isEqualTo(MojoResult.FAILED_PRECONDITION);
                End peer = t.ends[1 - e.side];
                assertThat(peer.closed || peer.handle == null).as(where + ": " + e + " refused a write but its peer "
                        + peer + " is open").isTrue();
            }
        }

        void move(End e) {
            if (e == null) {
                return;
            }
            int to = (e.node + 1 + random.nextInt(nodeCount - 1)) % nodeCount;
            MojoResult result = carriers[e.node][to].end0()
                    .writeMessage(payload(-1, -1, 0, e), List.of(e.handle));
            assertThat(result).as(where + ": moving " + e + " to node " + to).isEqualTo(MojoResult.OK);
            e.handle = null;
            e.node = to;
            coverage.moves++;
        }

        void deliverOne() {
            List<MultiNodeFixture.Link> busy = nodes.busyLinks();
            if (!busy.isEmpty()) {
                nodes.deliverOn(busy.get(random.nextInt(busy.size())));
            }
        }

        /** Reads every carrier end: each message brings a tracked end to the node the carrier ends on. */
        boolean readCarriers() {
            boolean any = false;
            for (int i = 0; i < nodeCount; i++) {
                for (int j = 0; j < nodeCount; j++) {
                    if (i == j) {
                        continue;
                    }
                    ReadResult got;
                    while ((got = carriers[i][j].end1().readMessage()).result() == MojoResult.OK) {
                        ByteBuffer b = ByteBuffer.wrap(got.message().bytes());
                        b.getInt();
                        b.getInt();
                        b.getInt();
                        End e = end(b.getInt(), b.getInt());
                        assertThat(e.handle).as(where + ": " + e + " arrived twice").isNull();
                        e.handle = (MessagePipeEndpoint) got.message().handles().getFirst();
                        assertThat(e.node).as(where + ": " + e + " arrived on node " + j).isEqualTo(j);
                        any = true;
                    }
                    assertThat(got.result()).as(where).isEqualTo(MojoResult.SHOULD_WAIT);
                }
            }
            return any;
        }

        /** Reads one message at {@code e}, checking it is the next its peer wrote; returns the read's result. */
        MojoResult read(End e) {
            if (e == null) {
                return MojoResult.SHOULD_WAIT;
            }
            Tracked t = pipes.get(e.pipe);
            ReadResult got = e.handle.readMessage();
            switch (got.result()) {
                case OK -> {
                    ByteBuffer b = ByteBuffer.wrap(got.message().bytes());
                    int pipe = b.getInt();
                    int side = b.getInt();
                    int seq = b.getInt();
                    int carriedPipe = b.getInt();
                    int carriedSide = b.getInt();
                    assertThat(new int[] {pipe, side, seq}).as(where + ": message read at " + e)
                            .containsExactly(e.pipe, 1 - e.side, t.read[e.side]);
                    t.read[e.side]++;
                    if (carriedPipe >= 0) {
                        End c = end(carriedPipe, carriedSide);
                        assertThat(c.handle).as(where + ": " + c + " arrived twice").isNull();
                        c.handle = (MessagePipeEndpoint) got.message().handles().getFirst();
                        c.node = e.node;
                        coverage.nestedArrivals++;
                    } else {
                        assertThat(got.message().handles()).as(where).isEmpty();
                    }
                }
                case FAILED_PRECONDITION -> {
                    // The peer is gone: only once every message it wrote is here.
                    assertThat(t.read[e.side]).as(where + ": " + e + " saw its peer gone")
                            .isEqualTo(t.written[1 - e.side]);
                    End peer = t.ends[1 - e.side];
                    assertThat(peer.closed || peer.handle == null).as(where + ": " + e + " saw " + peer + " gone")
                            .isTrue();
                    if (!t.sawPeerGone[e.side]) {
                        coverage.peerGoneSeen++;
                    }
                    t.sawPeerGone[e.side] = true;
                }
                case SHOULD_WAIT -> {}
                default -> throw new AssertionError(where + ": read at " + e + " returned " + got.result());
            }
            return got.result();
        }

        void close(End e) {
            if (e == null) {
                return;
            }
            e.handle.close();
            e.closed = true;
            if (pipes.get(e.pipe).ends[1 - e.side].handle == null) {
                coverage.closesWhilePeerTravels++;
            }
        }

        /** Delivers and reads until nothing moves: every travelling end has arrived or was dropped with its carrier's reader. */
        void quiesce() {
            do {
                nodes.deliverAll();
                boolean readSomething = false;
                for (Tracked t : pipes) {
                    for (End e : t.ends) {
                        if (e.handle != null && !e.closed) {
                            while (read(e) == MojoResult.OK) {
                                readSomething = true;
                            }
                        }
                    }
                }
                if (!readCarriers() && !readSomething && nodes.pendingEvents() == 0) {
                    break;
                }
            } while (true);
        }

        void finish() {
            assertThat(nodes.violations()).as(where).isEmpty();
            // Every route has collapsed: no proxy, no buffering port, nothing held.
            try {
                nodes.assertRoutesCollapsed();
            } catch (AssertionError e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            for (Tracked t : pipes) {
                for (int s = 0; s < 2; s++) {
                    End reader = t.ends[s];
                    End writer = t.ends[1 - s];
                    if (reader.handle == null || reader.closed) {
                        continue;
                    }
                    // Everything the peer wrote arrived; a peer that is gone is seen gone.
                    assertThat(t.read[s]).as(where + ": messages read at " + reader).isEqualTo(t.written[1 - s]);
                    boolean writerGone = writer.closed || writer.handle == null;
                    assertThat(t.sawPeerGone[s]).as(where + ": " + reader + " sees " + writer + " gone")
                            .isEqualTo(writerGone);
                }
            }
            for (Tracked t : pipes) {
                for (End e : t.ends) {
                    if (e.handle != null && !e.closed) {
                        e.handle.close();
                    }
                }
            }
            for (MessagePipe[] row : carriers) {
                for (MessagePipe c : row) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
            nodes.deliverAll();
            assertThat(nodes.violations()).as(where).isEmpty();
            try {
                nodes.assertNoLeaks();
            } catch (AssertionError e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
        }
    }
}
