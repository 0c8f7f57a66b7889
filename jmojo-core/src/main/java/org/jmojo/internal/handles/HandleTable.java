package org.jmojo.internal.handles;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;

/**
 * Allocates handle values and remembers the live ones. Values are random positive 31-bit integers,
 * never 0, never a live value and never one retired among the last {@value #RECENT} (so a stale value
 * fails loudly instead of reaching a new object). Thread-safe.
 */
final class HandleTable {
    static final int RECENT = 4096;

    /** Leaf lock: the maps and the ring below. Nothing is called while it is held. */
    private final RankedLock tableLock = new RankedLock(LockRank.LEAF);

    // @GuardedBy("tableLock")
    private final SplittableRandom random = new SplittableRandom(System.nanoTime() ^ 0x9e3779b97f4a7c15L);
    // @GuardedBy("tableLock")
    private final Map<Integer, Dispatcher> live = new HashMap<>();
    // @GuardedBy("tableLock") value → how it was retired, for the last RECENT retirements
    private final Map<Integer, String> retired = new HashMap<>();
    // @GuardedBy("tableLock")
    private final int[] ring = new int[RECENT];
    // @GuardedBy("tableLock")
    private int ringNext;

    /** Registers {@code dispatcher} under a fresh value and returns the value. */
    int add(Dispatcher dispatcher) {
        tableLock.lock();
        try {
            while (true) {
                int v = random.nextInt() & 0x7fff_ffff;
                if (v != 0 && !live.containsKey(v) && !retired.containsKey(v)) {
                    live.put(v, dispatcher);
                    return v;
                }
            }
        } finally {
            tableLock.unlock();
        }
    }

    /** Retires {@code value}; {@code how} ("closed", "sent in a message") names the reason in later errors. */
    void remove(int value, String how) {
        tableLock.lock();
        try {
            if (live.remove(value) == null) {
                return;
            }
            int evicted = ring[ringNext];
            if (evicted != 0) {
                retired.remove(evicted);
            }
            ring[ringNext] = value;
            ringNext = (ringNext + 1) % RECENT;
            retired.put(value, how);
        } finally {
            tableLock.unlock();
        }
    }

    /** Whether {@code value} is live. */
    boolean isLive(int value) {
        tableLock.lock();
        try {
            return live.containsKey(value);
        } finally {
            tableLock.unlock();
        }
    }

    /** Whether {@code value} was retired recently (and so will not be allocated again soon). */
    boolean isRecentlyRetired(int value) {
        tableLock.lock();
        try {
            return retired.containsKey(value);
        } finally {
            tableLock.unlock();
        }
    }

    /** The number of live handles (for leak checks). */
    int liveCount() {
        tableLock.lock();
        try {
            return live.size();
        } finally {
            tableLock.unlock();
        }
    }
}
