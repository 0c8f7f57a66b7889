package org.jmojo.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A per-thread record of the jmojo locks the current thread holds (docs/architecture.md §5), kept by
 * {@link RankedLock}.
 *
 * <h2>Always on: counts by rank</h2>
 * Every thread keeps a count of the locks it holds per {@link LockRank}. It enforces two rules at run
 * time, in production as in tests: a thread holding a port or port-map lock never calls back into the
 * ports layer ({@link #checkNoPortLocks}), and no user code (trap handlers, callbacks) runs and no
 * thread parks while any jmojo lock is held ({@link #checkNone}). Violations throw
 * {@link IllegalStateException} at the offending call.
 *
 * <h2>Test mode: the lock order</h2>
 * With the system property {@value #CHECK_ORDER_PROPERTY}{@code =true} (read once, when this class is
 * initialised; the test JVMs of every module set it), each thread also records which locks it holds,
 * in acquisition order, and every acquisition is checked against them <em>before</em> it may block: a
 * lock may be taken only if every lock the thread holds has an earlier rank, or the same rank when that
 * rank allows several ({@link LockRank#severalInOrder()}) and a lower {@link RankedLock#order()}. A
 * violation throws {@link LockOrderViolation} (naming the thread, the lock it asked for and the locks it
 * holds) instead of taking the lock, and is counted ({@link #violationCount()}, {@link #firstViolation()}),
 * so a violation on a thread whose exceptions nobody sees is still found (jmojo-core's tests fail any
 * test during which the count grows). Re-taking a lock the thread already holds is
 * not an order violation (it cannot deadlock) and is not reported; nothing in jmojo relies on it.
 * Without the property nothing is recorded beyond the counts, and the JIT removes the check.
 */
public final class HeldLocks {
    /** The system property that turns the lock-order check on ({@code true}); off by default. */
    public static final String CHECK_ORDER_PROPERTY = "org.jmojo.lockOrderCheck";

    /** Whether the lock order is checked in this JVM (see the class comment). */
    public static final boolean CHECKING_ORDER = Boolean.getBoolean(CHECK_ORDER_PROPERTY);

    /**
     * Index of the running total in each thread's counts array, after one slot per rank: kept by
     * {@link RankedLock} with the rank's count, so that {@link #checkNone}, called before every trap
     * handler and park, reads one slot instead of summing the ranks.
     */
    static final int TOTAL = LockRank.values().length;

    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[TOTAL + 1]);

    /** Test mode only: the locks the thread holds, one entry per hold, in acquisition order. */
    private static final ThreadLocal<List<RankedLock>> HELD_LOCKS = ThreadLocal.withInitial(ArrayList::new);

    private static final AtomicLong VIOLATIONS = new AtomicLong();

    private static final AtomicReference<String> FIRST_VIOLATION = new AtomicReference<>();

    private HeldLocks() {}

    /**
     * The current thread's counts, indexed by rank ordinal (one more slot holds their total). A caller that takes several locks fetches
     * it once and passes it to {@link RankedLock#lock(int[])} and {@link #checkNoPortLocks(int[], String)},
     * saving a thread-local lookup per lock operation. Only the current thread may use the array.
     */
    public static int[] current() {
        return HELD.get();
    }

    /** How many locks of {@code rank} the current thread holds (reentrant holds counted). */
    public static int held(LockRank rank) {
        return HELD.get()[rank.ordinal()];
    }

    /** How many jmojo locks of any rank the current thread holds. */
    public static int total() {
        return HELD.get()[TOTAL];
    }

    /** How many lock-order violations this JVM has refused so far (always 0 unless {@link #CHECKING_ORDER}). */
    public static long violationCount() {
        return VIOLATIONS.get();
    }

    /** The message of the first lock-order violation this JVM refused, if any. */
    public static Optional<String> firstViolation() {
        return Optional.ofNullable(FIRST_VIOLATION.get());
    }

    /**
     * Fails if the current thread holds a port or port-map lock: called at every entry into the ports
     * layer.
     *
     * @throws IllegalStateException naming {@code operation} if the rule is broken
     */
    public static void checkNoPortLocks(String operation) {
        checkNoPortLocks(HELD.get(), operation);
    }

    /** {@link #checkNoPortLocks(String)} with the current thread's {@link #current() counts}. */
    public static void checkNoPortLocks(int[] held, String operation) {
        if (held[LockRank.PORT.ordinal()] != 0 || held[LockRank.PORT_MAP.ordinal()] != 0) {
            throw new IllegalStateException(
                    "ports layer re-entered by " + operation + " while holding " + held[LockRank.PORT.ordinal()]
                            + " port lock(s) and " + held[LockRank.PORT_MAP.ordinal()] + " port-map lock(s)");
        }
    }

    /**
     * Fails if the current thread holds any jmojo lock: called before running user code and before
     * parking.
     *
     * @throws IllegalStateException naming {@code operation} if the rule is broken
     */
    public static void checkNone(String operation) {
        checkNone(HELD.get(), operation);
    }

    /** {@link #checkNone(String)} with the current thread's {@link #current() counts}. */
    public static void checkNone(int[] held, String operation) {
        int n = held[TOTAL];
        if (n != 0) {
            throw new IllegalStateException(operation + " would run user code while holding " + n + " jmojo lock(s)");
        }
    }

    /**
     * Test mode: checks that the current thread may take {@code lock} now. Called before the lock is
     * requested, so an order that could deadlock is reported instead of deadlocking.
     *
     * @throws LockOrderViolation if a held lock does not come before {@code lock}
     */
    static void checkOrder(RankedLock lock) {
        List<RankedLock> held = HELD_LOCKS.get();
        for (int i = 0; i < held.size(); i++) {
            RankedLock h = held.get(i);
            if (h == lock) {
                return; // a reentrant hold: no new edge in the lock order
            }
        }
        for (int i = 0; i < held.size(); i++) {
            RankedLock h = held.get(i);
            if (!mayTakeAfter(h, lock)) {
                LockOrderViolation v = new LockOrderViolation(Thread.currentThread(), lock, h, List.copyOf(held));
                FIRST_VIOLATION.compareAndSet(null, v.getMessage());
                VIOLATIONS.incrementAndGet();
                throw v;
            }
        }
    }

    /** The order rule: whether {@code next} may be taken while {@code held} is held. */
    static boolean mayTakeAfter(RankedLock held, RankedLock next) {
        int c = held.rank().compareTo(next.rank());
        if (c != 0) {
            return c < 0;
        }
        return next.rank().severalInOrder() && held.order() < next.order();
    }

    /** Test mode: records a hold the current thread just took. */
    static void recordAcquired(RankedLock lock) {
        HELD_LOCKS.get().add(lock);
    }

    /** Test mode: forgets the latest hold of {@code lock} by the current thread. */
    static void recordReleased(RankedLock lock) {
        List<RankedLock> held = HELD_LOCKS.get();
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i) == lock) {
                held.remove(i);
                return;
            }
        }
    }

    /** Test mode: the locks the current thread holds, one entry per hold, oldest first. */
    public static List<RankedLock> heldLocks() {
        return List.copyOf(HELD_LOCKS.get());
    }

    /**
     * A lock requested out of order (test mode only): taking it could deadlock against a thread that
     * takes the same two locks in the documented order.
     */
    public static final class LockOrderViolation extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LockOrderViolation(Thread thread, RankedLock requested, RankedLock conflicting, List<RankedLock> held) {
            super("lock order violated on thread " + thread.getName() + ": asked for " + requested.describe()
                    + " while holding " + conflicting.describe() + " (" + rule(conflicting, requested)
                    + "); held, oldest first: " + held.stream().map(RankedLock::describe).toList());
        }

        private static String rule(RankedLock held, RankedLock requested) {
            if (held.rank() != requested.rank()) {
                return "rank " + held.rank().label() + " is taken after rank " + requested.rank().label() + ", never before";
            }
            return held.rank().severalInOrder()
                    ? "several rank-" + held.rank().label() + " locks are taken in ascending order only"
                    : "no two rank-" + held.rank().label() + " locks may be held at once";
        }
    }
}
