package org.jmojo.internal.sync;

/**
 * The ranks of jmojo's locks, in the order a thread may take them (docs/architecture.md §5, the lock
 * table; docs/concurrency.md lists every lock of each rank). A thread holding a lock of one rank may
 * take only locks of later ranks, with one exception: several {@link #PORT} locks may be held together
 * when they are taken in ascending {@link RankedLock#order()}.
 */
public enum LockRank {
    /** Rank 1: one per handle object that is a message pipe endpoint (its dispatcher lock). */
    ENDPOINT("1", false),
    /**
     * Rank 1b: the dispatcher lock of a trap or wait set, also a handle object of rank 1, but taken by
     * observers while the watched endpoint's lock is held; so it comes after the endpoint lock.
     */
    WATCHER("1b", false),
    /** Rank 2: one per node, the port map. */
    PORT_MAP("2", false),
    /** Rank 3: one per port (one per pair made together); several are taken in ascending order. */
    PORT("3", true),
    /** Rank 4: one per node, its peers (channels by node name, introductions, lost names). */
    PEERS("4", false),
    /** Rank 5: one per channel, its write side. */
    CHANNEL_WRITE("5", false),
    /** Leaf: nothing is taken, and nothing is called, while one is held. */
    LEAF("leaf", false);

    private final String label;
    private final boolean severalInOrder;

    LockRank(String label, boolean severalInOrder) {
        this.label = label;
        this.severalInOrder = severalInOrder;
    }

    /** The rank as docs/architecture.md §5 numbers it ("1", "1b", … "5", "leaf"). */
    public String label() {
        return label;
    }

    /** Whether a thread may hold several locks of this rank, taken in ascending {@link RankedLock#order()}. */
    public boolean severalInOrder() {
        return severalInOrder;
    }
}
