package org.jmojo.stress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jmojo.stress.Payload.Stream;

/**
 * What one seed did and saw, and the checks run on it once every thread has finished.
 *
 * <p>Each thread that acts keeps its own {@link Log} (no contention while the seed runs); the logs are
 * merged afterwards. Times are ticks of one shared counter: an operation takes a tick before it starts
 * and one after it returns, so "A ended before B started" is {@code A.end < B.start}.
 */
final class Ledger {
    /** A problem found, with its category ({@code lost}, {@code duplicate}, {@code order}, ...). */
    record Finding(String kind, String detail) {
        @Override
        public String toString() {
            return "[" + kind + "] " + detail;
        }
    }

    /** A write that returned OK. */
    record Written(Stream stream, long seq) {}

    /** A message read through endpoint {@code readerEnd}, between ticks {@code start} and {@code end}. */
    record Read(int readerEnd, Stream stream, long seq, long start, long end) {}

    /** Per thread: never shared while the seed runs. */
    static final class Log {
        final int writer;
        final Map<Long, Long> nextSeq = new HashMap<>();
        final List<Written> writes = new ArrayList<>();
        final List<Read> reads = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        long ops;

        Log(int writer) {
            this.writer = writer;
        }

        /** The next sequence number of this writer's stream through (end, gen); numbers of failed writes are not reused. */
        long nextSeq(int end, int gen) {
            long key = ((long) end << 32) | (gen & 0xffffffffL);
            long seq = nextSeq.getOrDefault(key, 1L);
            nextSeq.put(key, seq + 1);
            return seq;
        }

        void find(String kind, String detail) {
            findings.add(new Finding(kind, detail));
        }
    }

    /**
     * Per pipe: whether a HARD quota was ever set on it (a HARD break makes PEER_CLOSED appear while both
     * ends live), and per end the evidence about liveness: the latest tick at which an operation that
     * needs the endpoint open began, and the earliest tick by which it was seen to have a closed peer.
     */
    static final class PipeStats {
        volatile boolean hardQuotaEver;
        /** Whether the pipe's two ends were made on two nodes; set before the pipe is published. */
        volatile boolean crossesNodes;
        final AtomicLongArray aliveFrom = new AtomicLongArray(2);
        final AtomicLongArray peerClosedBy = new AtomicLongArray(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
        final String[] peerClosedHow = new String[2];

        void alive(int end, long startTick) {
            aliveFrom.accumulateAndGet(end & 1, startTick, Math::max);
        }

        void peerClosed(int end, long tick, String how) {
            if (peerClosedBy.accumulateAndGet(end & 1, tick, Math::min) == tick) {
                synchronized (peerClosedHow) {
                    peerClosedHow[end & 1] = how;
                }
            }
        }
    }

    /**
     * Every OK write read exactly once, intact, in order; a message missing only where its receiver was
     * closed (then what was read of each stream is a prefix of what was written); and, for a receiver
     * still alive at the end, nothing missing at all.
     */
    static List<Finding> checkMessages(Collection<Log> logs, Set<Integer> aliveAtEnd) {
        return checkMessages(logs, aliveAtEnd, Set.of());
    }

    /**
     * {@link #checkMessages(Collection, Set)}, where for a receiver end in {@code tailMayBeCut} a stream may
     * also miss a tail though the receiver is alive (a HARD quota broke its pipe on the receiving node after
     * the writes returned OK); a gap followed by a read message is still a loss.
     */
    static List<Finding> checkMessages(Collection<Log> logs, Set<Integer> aliveAtEnd, Set<Integer> tailMayBeCut) {
        List<Finding> findings = new ArrayList<>();
        Map<Stream, List<Long>> written = new HashMap<>();
        for (Log log : logs) {
            for (Written w : log.writes) {
                written.computeIfAbsent(w.stream(), s -> new ArrayList<>()).add(w.seq());
            }
        }
        Map<Stream, List<Read>> readByStream = new HashMap<>();
        Map<Integer, List<Read>> readByReceiver = new HashMap<>();
        for (Log log : logs) {
            for (Read r : log.reads) {
                readByStream.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r);
                readByReceiver.computeIfAbsent(r.readerEnd(), e -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<Stream, List<Read>> e : readByStream.entrySet()) {
            List<Long> w = written.getOrDefault(e.getKey(), List.of());
            Set<Long> ok = Set.copyOf(w);
            Map<Long, Integer> times = new HashMap<>();
            for (Read r : e.getValue()) {
                if (times.merge(r.seq(), 1, Integer::sum) == 2) {
                    findings.add(new Finding("duplicate", e.getKey() + ": #" + r.seq() + " read twice (receiver end " + r.readerEnd() + ")"));
                }
                if (!ok.contains(r.seq())) {
                    findings.add(new Finding("phantom", e.getKey() + ": #" + r.seq()
                            + " read, but no write of it returned OK (receiver end " + r.readerEnd() + ")"));
                }
            }
        }
        for (Map.Entry<Stream, List<Long>> e : written.entrySet()) {
            Stream s = e.getKey();
            List<Long> w = new ArrayList<>(e.getValue());
            w.sort(Long::compare);
            Set<Long> read = new java.util.HashSet<>();
            for (Read r : readByStream.getOrDefault(s, List.of())) {
                read.add(r.seq());
            }
            int receiver = s.srcEnd() ^ 1;
            int firstMissing = -1;
            for (int i = 0; i < w.size(); i++) {
                if (!read.contains(w.get(i))) {
                    if (firstMissing < 0) {
                        firstMissing = i;
                    }
                } else if (firstMissing >= 0) {
                    findings.add(new Finding("lost", s + ": #" + w.get(firstMissing) + " never read, though the later #"
                            + w.get(i) + " was (receiver end " + receiver + ")"));
                    break;
                }
            }
            if (firstMissing >= 0 && aliveAtEnd.contains(receiver) && !tailMayBeCut.contains(receiver)) {
                findings.add(new Finding("lost", s + ": " + (w.size() - firstMissing) + " message(s) from #" + w.get(firstMissing)
                        + " never read, though receiver end " + receiver + " was alive and drained at the end"));
            }
        }
        for (Map.Entry<Stream, List<Read>> e : readByStream.entrySet()) {
            checkOrder(e.getValue(), Read::seq, "order", e.getKey() + ": #%d was read after #%d had been read", findings);
        }
        for (Map.Entry<Integer, List<Read>> e : readByReceiver.entrySet()) {
            checkOrder(e.getValue(), r -> (long) r.stream().srcGen(), "order",
                    "receiver end " + e.getKey() + ": a message written through generation %d of its peer was read after one"
                            + " of generation %d had been read (a write through an endpoint already sent landed after"
                            + " its new owner's)",
                    findings);
        }
        return findings;
    }

    private interface Key {
        long of(Read r);
    }

    /**
     * Reads must respect {@code key}: if read A ended before read B started, then key(A) <= key(B)
     * (for sequence numbers within a stream, strictly). Finds the first pair that does not.
     */
    private static void checkOrder(List<Read> reads, Key key, String kind, String format, List<Finding> findings) {
        // Walk the keys from high to low, remembering the earliest end among reads of higher keys: a read
        // that started after it has a lower key than a read that finished before it began.
        TreeMap<Long, List<Read>> byKey = new TreeMap<>(Comparator.reverseOrder());
        for (Read r : reads) {
            byKey.computeIfAbsent(key.of(r), k -> new ArrayList<>()).add(r);
        }
        long earliestEndAbove = Long.MAX_VALUE;
        long keyOfEarliest = 0;
        for (Map.Entry<Long, List<Read>> e : byKey.entrySet()) {
            for (Read r : e.getValue()) {
                if (earliestEndAbove < r.start()) {
                    findings.add(new Finding(kind, String.format(format, e.getKey(), keyOfEarliest)));
                    return;
                }
            }
            for (Read r : e.getValue()) {
                if (r.end() < earliestEndAbove) {
                    earliestEndAbove = r.end();
                    keyOfEarliest = e.getKey();
                }
            }
        }
    }

    /** PEER_CLOSED (or a closed-peer outcome) seen on an end whose peer was shown alive afterwards. */
    static List<Finding> checkPeerClosed(ConcurrentHashMap<Integer, PipeStats> pipes) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Integer, PipeStats> e : pipes.entrySet()) {
            PipeStats p = e.getValue();
            if (p.hardQuotaEver) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                long seen = p.peerClosedBy.get(side);
                long peerAlive = p.aliveFrom.get(side ^ 1);
                if (seen != Long.MAX_VALUE && peerAlive > seen) {
                    int end = e.getKey() * 2 + side;
                    String how;
                    synchronized (p.peerClosedHow) {
                        how = p.peerClosedHow[side];
                    }
                    findings.add(new Finding("peer-closed", "end " + end + " saw its peer closed (" + how + ", tick " + seen
                            + ") but end " + (end ^ 1) + " was used as an open endpoint later (an operation begun at tick "
                            + peerAlive + " succeeded)"));
                }
            }
        }
        return findings;
    }
}
