package org.jmojo.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jmojo.stress.Ledger.Finding;
import org.jmojo.stress.Ledger.Log;
import org.jmojo.stress.Ledger.PipeStats;
import org.jmojo.stress.Ledger.Read;
import org.jmojo.stress.Ledger.Written;
import org.jmojo.stress.Payload.Stream;
import org.junit.jupiter.api.Test;

/** The stress test's after-seed checks, on hand-made ledgers: each finds what it must and nothing else. */
class LedgerTest {
    /** Writer 3's messages through end 4 (generation 0), read through end 5. */
    private static final Stream S = new Stream(4, 0, 3);

    private static Log writes(Stream s, long... seqs) {
        Log log = new Log(s.writer());
        for (long q : seqs) {
            log.writes.add(new Written(s, q));
        }
        return log;
    }

    /** A log of reads through {@code receiver}, each {start, end, seq} (or {start, end, seq, gen}). */
    private static Log reads(int receiver, Stream s, long[]... reads) {
        Log log = new Log(-1);
        for (long[] r : reads) {
            Stream stream = r.length > 3 ? new Stream(s.srcEnd(), (int) r[3], s.writer()) : s;
            log.reads.add(new Read(receiver, stream, r[2], r[0], r[1]));
        }
        return log;
    }

    private static List<String> kinds(List<Finding> findings) {
        return findings.stream().map(Finding::kind).toList();
    }

    @Test
    void everyMessageReadOnceInOrder_noFinding() {
        Log w = writes(S, 1, 2, 3);
        Log r = reads(5, S, new long[] {1, 2, 1}, new long[] {3, 4, 2}, new long[] {5, 6, 3});
        assertThat(Ledger.checkMessages(List.of(w, r), Set.of(5))).isEmpty();
    }

    @Test
    void receiverClosed_prefixReadIsFine_gapIsLost() {
        Log w = writes(S, 1, 2, 3, 4);
        assertThat(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 2, 1}, new long[] {3, 4, 2})), Set.of())).isEmpty();
        assertThat(kinds(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 2, 1}, new long[] {3, 4, 3})), Set.of())))
                .containsExactly("lost");
    }

    @Test
    void receiverAliveAtEnd_unreadTailIsLost() {
        Log w = writes(S, 1, 2);
        assertThat(kinds(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 2, 1})), Set.of(5)))).containsExactly("lost");
    }

    @Test
    void readTwiceOrNeverWrittenOk_duplicateAndPhantom() {
        Log w = writes(S, 1);
        assertThat(kinds(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 2, 1}, new long[] {3, 4, 1})), Set.of())))
                .containsExactly("duplicate");
        assertThat(kinds(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 2, 1}, new long[] {3, 4, 7})), Set.of())))
                .containsExactly("phantom");
    }

    @Test
    void laterSequenceReadBeforeEarlierOne_order_butOverlappingReadsMayGoEitherWay() {
        Log w = writes(S, 1, 2);
        // #2's read ended (tick 2) before #1's began (tick 3): out of order.
        assertThat(kinds(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 2, 2}, new long[] {3, 4, 1})), Set.of())))
                .containsExactly("order");
        // The two reads overlap (1..4 and 2..3): either order is possible.
        assertThat(Ledger.checkMessages(List.of(w, reads(5, S, new long[] {1, 4, 2}, new long[] {2, 3, 1})), Set.of())).isEmpty();
    }

    @Test
    void olderGenerationReadAfterNewerOne_order() {
        Stream gen1 = new Stream(4, 1, 3);
        Log w = writes(S, 1);
        w.writes.add(new Written(gen1, 1));
        // The generation-1 message was read (ticks 1..2) before the generation-0 one (3..4).
        Log r = reads(5, S, new long[] {1, 2, 1, 1}, new long[] {3, 4, 1, 0});
        assertThat(kinds(Ledger.checkMessages(List.of(w, r), Set.of()))).containsExactly("order");
    }

    @Test
    void peerClosedSeenBeforePeerWasUsedAsOpen_peerClosed_unlessAHardQuotaWasSet() {
        ConcurrentHashMap<Integer, PipeStats> pipes = new ConcurrentHashMap<>();
        PipeStats p = new PipeStats();
        pipes.put(2, p);
        p.peerClosed(4, 10, "test");
        p.alive(5, 9); // used before the observation: fine
        assertThat(Ledger.checkPeerClosed(pipes)).isEmpty();
        p.alive(5, 11); // used after it: the peer was not gone
        assertThat(kinds(Ledger.checkPeerClosed(pipes))).containsExactly("peer-closed");
        p.hardQuotaEver = true; // a HARD quota breaks a pipe whose both ends live
        assertThat(Ledger.checkPeerClosed(pipes)).isEmpty();
    }
}
