package org.jmojo.internal.ports;

/**
 * A per-thread record of the jmojo locks the current thread holds, by rank (docs/architecture.md §5).
 *
 * <p>It exists to enforce two rules at run time, in production as in tests: a thread holding a port lock
 * never calls back into the ports layer, and no user code (trap handlers, callbacks) runs while any
 * jmojo lock is held. Violations throw {@link IllegalStateException} at the offending call.
 */
public final class HeldLocks {
    /** Lock ranks, in the order a thread may take them. */
    public enum Rank {
        /** One per handle object (dispatcher): rank 1. */
        ENDPOINT,
        /** One per trap or wait set: their trigger and entry tables, taken under an endpoint lock. */
        WATCHER,
        /** One per node, guarding the name → port map: rank 2. */
        PORT_MAP,
        /** One per port: rank 3. */
        PORT,
        /** Leaf locks (handle table, waiter state, trap dispatch queue). */
        LEAF
    }

    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[Rank.values().length]);

    private HeldLocks() {}

    /**
     * The current thread's counts, indexed by rank ordinal. A caller that takes several locks fetches
     * it once and passes it to {@link RankedLock#lock(int[])} and {@link #checkNoPortLocks(int[], String)},
     * saving a thread-local lookup per lock operation. Only the current thread may use the array.
     */
    static int[] current() {
        return HELD.get();
    }

    static void acquired(Rank rank) {
        HELD.get()[rank.ordinal()]++;
    }

    static void released(Rank rank) {
        HELD.get()[rank.ordinal()]--;
    }

    /** How many locks of {@code rank} the current thread holds (reentrant holds counted). */
    public static int held(Rank rank) {
        return HELD.get()[rank.ordinal()];
    }

    /** How many jmojo locks of any rank the current thread holds. */
    public static int total() {
        int n = 0;
        for (int c : HELD.get()) {
            n += c;
        }
        return n;
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
    static void checkNoPortLocks(int[] held, String operation) {
        if (held[Rank.PORT.ordinal()] != 0 || held[Rank.PORT_MAP.ordinal()] != 0) {
            throw new IllegalStateException(
                    "ports layer re-entered by " + operation + " while holding " + held[Rank.PORT.ordinal()]
                            + " port lock(s) and " + held[Rank.PORT_MAP.ordinal()] + " port-map lock(s)");
        }
    }

    /**
     * Fails if the current thread holds any jmojo lock: called before running user code.
     *
     * @throws IllegalStateException naming {@code operation} if the rule is broken
     */
    public static void checkNone(String operation) {
        int n = total();
        if (n != 0) {
            throw new IllegalStateException(operation + " would run user code while holding " + n + " jmojo lock(s)");
        }
    }
}
