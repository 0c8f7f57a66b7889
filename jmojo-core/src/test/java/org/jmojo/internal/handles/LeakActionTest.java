package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leak detector's action ({@link LeakDetector.Leak}) and its reports, run in the test's JVM: the
 * action is started by {@link java.lang.ref.Cleaner.Cleanable#clean()} or called directly instead of
 * waiting for a collection. {@link LeakDetectorTest} runs the real thing (objects dropped and collected)
 * in fresh JVMs; this test checks, where the test runs, what the action closes, what it leaves alone
 * and what it reports.
 *
 * <p>The leak count is shared by the whole JVM, so the checks on it hold whatever other leaks the
 * cleaner thread closes meanwhile: a count only goes up, and every report carries the count it was
 * made at.
 */
class LeakActionTest {
    private static final Pattern COUNT = Pattern.compile("Leaked handles closed so far: (\\d+)\\.");

    private final Logger logger = Logger.getLogger(LeakDetector.LOGGER);
    private boolean toParent;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        LeakDetector.forgetReportedSites();
        logger.addHandler(capture);
        // The reports go to the capture only: the site test makes over a thousand of them.
        toParent = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void stopListening() {
        logger.setUseParentHandlers(toParent);
        logger.removeHandler(capture);
        LeakDetector.forgetReportedSites();
    }

    /** Takes the dispatcher out of a new pipe's end0 (its object no longer owns it): a leaked handle. */
    private static Dispatcher openEnd0(MessagePipe pipe) {
        return ((HandleHolder<?>) pipe.end0()).take();
    }

    private static long count(LogRecord r) {
        Matcher m = COUNT.matcher(r.getMessage());
        assertThat(m.find()).as("a count in %s", r.getMessage()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private List<LogRecord> reportsOf(Dispatcher d) {
        return records.stream().filter(r -> r.getMessage().startsWith(Dispatcher.name(d.value) + " ")).toList();
    }

    @Test
    void watchedSlot_cleanedWhileOpen_closesTheHandle_peerSeesPeerClosed_countedAndReported() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Dispatcher leaked = openEnd0(pipe);
        AtomicReference<Dispatcher> slot = new AtomicReference<>(leaked);
        long before = LeakDetector.leakedCount();

        LeakDetector.watch(new Object(), slot).clean();

        assertThat(slot.get()).isNull();
        assertThat(leaked.state()).isEqualTo(Dispatcher.State.CLOSED);
        assertThat(pipe.end1().querySignalsState().satisfied()).isEqualTo(Signals.PEER_CLOSED);
        long after = LeakDetector.leakedCount();
        assertThat(after).isGreaterThan(before);
        // Reported if its count is a power of two; then with the hint, and without a creation site (the
        // tests do not run in trace mode).
        List<LogRecord> reports = reportsOf(leaked);
        for (LogRecord r : reports) {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getThrown()).isNull();
            assertThat(r.getMessage()).isEqualTo(Dispatcher.name(leaked.value) + " (MESSAGE_PIPE_ENDPOINT) became "
                    + "unreachable while open; jmojo closes it (its peer now sees PEER_CLOSED). Leaked handles closed "
                    + "so far: " + count(r) + ". Close every handle (try-with-resources) or pass it on. Run with "
                    + "-Dorg.jmojo.handleLeaks=trace to record where each handle object is created.");
            assertThat(count(r)).isBetween(before + 1, after);
        }
        pipe.close();
    }

    @Test
    void leakedTrap_reportNamesItsType_withoutThePeerNote() {
        Trap trap = Core.instance().createTrap(e -> {});
        Dispatcher leaked = ((HandleHolder<?>) trap).take();
        Throwable site = new Throwable("the handle object was created here");
        site.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("LeakActionTest", "leakedTrap", "LeakActionTest.java", (int) System.nanoTime() & 0xffff)});

        new LeakDetector.Leak(new AtomicReference<>(leaked), site).run();

        assertThat(leaked.state()).isEqualTo(Dispatcher.State.CLOSED);
        // A new creation site is always reported, with the site attached and without the hint.
        List<LogRecord> reports = reportsOf(leaked);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).getThrown()).isSameAs(site);
        assertThat(reports.get(0).getMessage()).isEqualTo(Dispatcher.name(leaked.value) + " (TRAP) became "
                + "unreachable while open; jmojo closes it. Leaked handles closed so far: " + count(reports.get(0))
                + ". Close every handle (try-with-resources) or pass it on.");
    }

    @Test
    void leakedPlatformHandle_reportSaysItsDescriptorIsClosedToo() {
        PlatformHandle handle = Core.instance().wrapFileDescriptor(FileDescriptor.in);
        Dispatcher leaked = ((HandleHolder<?>) handle).take();
        Throwable site = site(-5);

        new LeakDetector.Leak(new AtomicReference<>(leaked), site).run();

        assertThat(leaked.state()).isEqualTo(Dispatcher.State.CLOSED);
        List<LogRecord> reports = reportsOf(leaked);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).getMessage()).isEqualTo(Dispatcher.name(leaked.value) + " (PLATFORM_HANDLE) became "
                + "unreachable while open; jmojo closes it (and its file descriptor). Leaked handles closed so far: "
                + count(reports.get(0)) + ". Close every handle (try-with-resources) or pass it on.");
    }

    @Test
    void slotAlreadyEmptied_nothingClosed_nothingReported() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            Dispatcher d = HandleHolder.dispatcherOf(pipe.end0(), -1);
            AtomicReference<Dispatcher> slot = new AtomicReference<>(d);
            var watch = LeakDetector.watch(new Object(), slot);
            slot.set(null); // what close() and pass() do before they deregister
            Throwable site = site(-2);

            watch.clean();
            new LeakDetector.Leak(slot, site).run();

            // A new creation site is always reported, so no report means no leak was seen.
            assertThat(records).noneMatch(r -> r.getThrown() == site);
            assertThat(pipe.end0().isValid()).isTrue();
            assertThat(pipe.end0().writeMessage(new byte[] {1})).isEqualTo(MojoResult.OK);
            assertThat(pipe.end1().readMessage().message().bytes()).containsExactly(1);
            assertThat(reportsOf(d)).isEmpty();
        }
    }

    @Test
    void sentHandle_nothingClosed_theReceiverKeepsAWorkingEndpoint() {
        try (MessagePipe carrier = Core.instance().createMessagePipe();
                MessagePipe cargo = Core.instance().createMessagePipe()) {
            Dispatcher sent = HandleHolder.dispatcherOf(cargo.end0(), -1);
            assertThat(carrier.end0().writeMessage(new byte[0], List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
            assertThat(sent.state()).isEqualTo(Dispatcher.State.SENT);
            AtomicReference<Dispatcher> slot = new AtomicReference<>(sent);
            Throwable site = site(-3);

            new LeakDetector.Leak(slot, site).run();

            assertThat(slot.get()).isNull();
            assertThat(records).noneMatch(r -> r.getThrown() == site);
            assertThat(sent.state()).isEqualTo(Dispatcher.State.SENT);
            try (var received = carrier.end1().readMessage().message().handles().get(0)) {
                var end = (org.jmojo.system.MessagePipeEndpoint) received;
                assertThat(end.writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
                assertThat(cargo.end1().readMessage().message().bytes()).containsExactly(7);
                assertThat(cargo.end1().querySignalsState().satisfied().containsAny(Signals.PEER_CLOSED)).isFalse();
            }
        }
    }

    @Test
    void closedHandle_nothingReported() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Dispatcher d = HandleHolder.dispatcherOf(pipe.end0(), -1);
        pipe.close();

        Throwable site = site(-4);

        new LeakDetector.Leak(new AtomicReference<>(d), site).run();

        assertThat(records).noneMatch(r -> r.getThrown() == site);
        assertThat(d.state()).isEqualTo(Dispatcher.State.CLOSED);
    }

    /**
     * Without a new site, only the leaks whose count is a power of two are reported. Leaks until the
     * count has passed the next power of two (at most as many as were closed before, plus two).
     */
    @Test
    void manyLeaks_reportedAtThePowersOfTwoOnly() {
        long before = LeakDetector.leakedCount();
        long nextPowerOfTwo = Long.highestOneBit(before + 1) << 1;
        List<Dispatcher> leaked = new ArrayList<>();
        while (LeakDetector.leakedCount() <= nextPowerOfTwo || leaked.size() < 70) {
            MessagePipe pipe = Core.instance().createMessagePipe();
            Dispatcher d = openEnd0(pipe);
            leaked.add(d);
            LeakDetector.watch(new Object(), new AtomicReference<>(d)).clean();
            pipe.end1().close();
        }
        long after = LeakDetector.leakedCount();

        assertThat(after - before).isGreaterThanOrEqualTo(leaked.size());
        List<Long> reported = records.stream().mapToLong(LeakActionTest::count).boxed().toList();
        for (long n : reported) {
            assertThat(Long.bitCount(n)).as("count %d", n).isEqualTo(1);
        }
        for (long p = 1; p <= after; p <<= 1) {
            if (p > before) {
                assertThat(reported).as("the report at %d", p).contains(p);
            }
        }
        assertThat(reported).as("the report at %d", nextPowerOfTwo).contains(nextPowerOfTwo);
        assertThat(leaked).allSatisfy(d -> assertThat(d.state()).isEqualTo(Dispatcher.State.CLOSED));
    }

    /**
     * A site already reported is not reported again (unless the count is a power of two), and once
     * {@value LeakDetector#MAX_SITES} sites are remembered a new one is treated like an old one.
     */
    @Test
    void sites_eachReportedOnce_andNoMoreThanTheLimitRemembered() {
        Throwable first = site(-1);
        leakWith(first);
        Throwable again = site(-1); // the same stack as `first`
        long countBefore = LeakDetector.leakedCount();
        leakWith(again);
        boolean againReported = records.stream().anyMatch(r -> r.getThrown() == again);
        assertThat(records).anyMatch(r -> r.getThrown() == first);
        if (againReported) {
            // Only at a power of two: the count it was made at.
            long n = records.stream().filter(r -> r.getThrown() == again).mapToLong(LeakActionTest::count).findFirst().orElseThrow();
            assertThat(Long.bitCount(n)).isEqualTo(1);
            assertThat(n).isGreaterThan(countBefore);
        }

        // Fill the remembered sites up to the limit: each new site is reported.
        for (int i = 0; LeakDetector.reportedSiteCount() < LeakDetector.MAX_SITES; i++) {
            Throwable s = site(i);
            leakWith(s);
            assertThat(records).as("site %d reported", i).anyMatch(r -> r.getThrown() == s);
        }
        // Past the limit, a new site counts as already seen.
        List<Throwable> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Throwable s = site(LeakDetector.MAX_SITES + i);
            late.add(s);
            leakWith(s);
        }
        assertThat(LeakDetector.reportedSiteCount()).isEqualTo(LeakDetector.MAX_SITES);
        List<LogRecord> lateReports = records.stream().filter(r -> late.contains(r.getThrown())).toList();
        assertThat(lateReports).allSatisfy(r -> assertThat(Long.bitCount(count(r))).isEqualTo(1));
        assertThat(lateReports.size()).isLessThanOrEqualTo(1); // five consecutive counts hold at most one power of two above 4

        // Forgotten (as each test here starts): the first site is new again.
        LeakDetector.forgetReportedSites();
        assertThat(LeakDetector.reportedSiteCount()).isZero();
        Throwable firstAgain = site(-1);
        leakWith(firstAgain);
        assertThat(records).anyMatch(r -> r.getThrown() == firstAgain);
    }

    private static void leakWith(Throwable site) {
        MessagePipe pipe = Core.instance().createMessagePipe();
        new LeakDetector.Leak(new AtomicReference<>(openEnd0(pipe)), site).run();
        pipe.end1().close();
    }

    /** A creation site whose stack is the same for the same {@code line}. */
    private static Throwable site(int line) {
        Throwable t = new Throwable("the handle object was created here");
        t.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.example.Leaky", "make", "Leaky.java", line),
            new StackTraceElement("org.example.Leaky", "main", "Leaky.java", 1)});
        return t;
    }

    /** In this test rather than {@link LeakDetectorTest}, which PIT leaves out (its cases run in child JVMs). */
    @Test
    void mode_parsesTheProperty_andRejectsAnythingElse() {
        assertThat(LeakDetector.mode(null)).isEqualTo(LeakDetector.Mode.REPORT);
        assertThat(LeakDetector.mode("report")).isEqualTo(LeakDetector.Mode.REPORT);
        assertThat(LeakDetector.mode(" ")).isEqualTo(LeakDetector.Mode.REPORT);
        assertThat(LeakDetector.mode(" Trace ")).isEqualTo(LeakDetector.Mode.TRACE);
        assertThat(LeakDetector.mode("off")).isEqualTo(LeakDetector.Mode.OFF);
        assertThatThrownBy(() -> LeakDetector.mode("paranoid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.jmojo.handleLeaks=paranoid: expected report (the default), trace or off");
    }
}
