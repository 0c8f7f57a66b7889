package org.jmojo.internal.handles;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.HandleType;

/**
 * Closes the handle of a handle object that became unreachable while it still owned it, and reports
 * the leak through {@link System.Logger} (logger {@value #LOGGER}), in the spirit of Netty's leak
 * detector. Without it a dropped pipe endpoint would stay open for the life of the process: its peer
 * would never see {@code PEER_CLOSED}, and its port, queue and dispatcher would never be freed.
 *
 * <p>Each handle object registers one {@link Cleaner} action ({@link #watch}) that holds the object's
 * dispatcher slot, never the object itself. {@code close()} and {@code pass()} empty the slot and
 * deregister the action; an action that runs finds a non-empty slot only if the object was dropped
 * while its handle was open (a handle sent in a message is {@code SENT}, not a leak). One action per
 * endpoint, not per pipe: a pipe whose one end is dropped while the other is in use must still be
 * closed, so that the end in use sees {@code PEER_CLOSED}.
 *
 * <p>The system property {@value #PROPERTY} chooses the mode, read once: {@code report} (the default:
 * close and log), {@code trace} (also record where each handle object was created, a stack trace per
 * object, and log it with the leak) or {@code off} (nothing is watched; a dropped handle leaks).
 *
 * <p>Reports are rationed so that a loop that drops a million handles does not write a million lines:
 * without traces the 1st, 2nd, 4th, 8th... leak is logged, each line with the running count; with
 * traces every distinct creation site is logged once (the first {@value #MAX_SITES} sites), the rest
 * as without traces.
 *
 * <p>Threads: actions run on the single daemon thread {@value #THREAD_NAME}, started with the first
 * watched handle. Closing a leaked handle there is an ordinary close (a system API call): the peer's
 * trap handlers and waiters are told on that thread, after every lock is released.
 */
final class LeakDetector {
    /** The system property selecting the mode: {@code report}, {@code trace} or {@code off}. */
    static final String PROPERTY = "org.jmojo.handleLeaks";
    /** The {@link System.Logger} name of the reports. */
    static final String LOGGER = "org.jmojo.handleLeaks";
    static final String THREAD_NAME = "jmojo-handle-cleaner";
    static final int MAX_SITES = 1024;

    enum Mode {
        OFF,
        REPORT,
        TRACE
    }

    static final Mode MODE = mode(System.getProperty(PROPERTY));

    private static final System.Logger LOG = System.getLogger(LOGGER);

    /** Null when off, so that {@link #watch} costs one test. */
    private static final Cleaner CLEANER = MODE == Mode.OFF ? null : Cleaner.create(task -> {
        Thread t = new Thread(task, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });

    /** Leaked handles closed so far (for the reports and for tests). */
    private static final AtomicLong LEAKED = new AtomicLong();

    /** Creation sites already reported (trace mode); bounded by {@link #MAX_SITES}. */
    private static final Set<List<StackTraceElement>> REPORTED_SITES = ConcurrentHashMap.newKeySet();

    private LeakDetector() {}

    static Mode mode(String value) {
        if (value == null) {
            return Mode.REPORT;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "report", "" -> Mode.REPORT;
            case "trace" -> Mode.TRACE;
            case "off" -> Mode.OFF;
            default -> throw new IllegalArgumentException(
                    PROPERTY + "=" + value + ": expected report (the default), trace or off");
        };
    }

    /**
     * Watches {@code holder}, whose dispatcher sits in {@code slot}: if the holder becomes unreachable
     * while the slot still holds an open dispatcher, the handle is closed and reported.
     *
     * @return the registration, to {@link Cleaner.Cleanable#clean() clean} once the holder has emptied
     *     its slot itself; null when leak detection is off
     */
    static Cleaner.Cleanable watch(Object holder, AtomicReference<? extends Dispatcher> slot) {
        if (CLEANER == null) {
            return null;
        }
        Throwable site = MODE == Mode.TRACE ? new Throwable("the handle object was created here") : null;
        return CLEANER.register(holder, new Leak(slot, site));
    }

    /** Leaked handles this detector has closed since the process started. */
    static long leakedCount() {
        return LEAKED.get();
    }

    /** Creation sites reported so far (trace mode), at most {@value #MAX_SITES}. */
    static int reportedSiteCount() {
        return REPORTED_SITES.size();
    }

    /** Forgets the creation sites reported so far: for tests, which each start from none. */
    static void forgetReportedSites() {
        REPORTED_SITES.clear();
    }

    /**
     * The action of one handle object. It must not refer to the object (that would keep it reachable):
     * it holds the object's dispatcher slot and, in trace mode, its creation site. Package-private for
     * {@code LeakActionTest}, which runs actions (with and without a site) in the test JVM.
     */
    record Leak(AtomicReference<? extends Dispatcher> slot, Throwable site) implements Runnable {
        @Override
        public void run() {
            Dispatcher d = slot.getAndSet(null);
            if (d == null) {
                return; // closed or passed on by its owner: deregistered, not leaked
            }
            Dispatcher.State state = d.state();
            if (state != Dispatcher.State.OPEN && state != Dispatcher.State.BUSY) {
                return; // sent in a message (or already closed): nothing is held
            }
            // Report first, close after: whoever sees the close (the peer) can rely on the report being out.
            report(d, site);
            try (RequestContext c = RequestContext.enter()) {
                d.close();
            }
        }
    }

    private static void report(Dispatcher d, Throwable site) {
        long n = LEAKED.incrementAndGet();
        boolean newSite = site != null && REPORTED_SITES.size() < MAX_SITES
                && REPORTED_SITES.add(List.copyOf(Arrays.asList(site.getStackTrace())));
        boolean powerOfTwo = (n & (n - 1)) == 0;
        if (!newSite && !powerOfTwo) {
            return;
        }
        String what = Dispatcher.name(d.value) + " (" + d.type + ") became unreachable while open; jmojo closes it"
                + (d.type == HandleType.MESSAGE_PIPE_ENDPOINT ? " (its peer now sees PEER_CLOSED)"
                        : d.type == HandleType.PLATFORM_HANDLE ? " (and its file descriptor)" : "")
                + ". Leaked handles closed so far: " + n + ". Close every handle (try-with-resources) or pass it on.";
        if (site != null) {
            LOG.log(System.Logger.Level.WARNING, what, site);
        } else {
            LOG.log(System.Logger.Level.WARNING, what + " Run with -D" + PROPERTY
                    + "=trace to record where each handle object is created.");
        }
    }
}
