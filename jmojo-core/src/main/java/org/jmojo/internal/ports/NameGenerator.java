package org.jmojo.internal.ports;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.internal.sync.RankedLock;

/**
 * Draws 128-bit names from {@link SecureRandom}, 64 names per call to the generator (names are
 * capabilities, so they must be unguessable; batching keeps port creation cheap). Never returns the
 * all-zero name. Thread-safe.
 */
public final class NameGenerator {
    private static final int BATCH = 64;

    private final RandomGenerator random;

    /** Guards the batch below. Leaf: nothing is called while it is held. */
    private final RankedLock batchLock = new RankedLock(LockRank.LEAF);

    // @GuardedBy("batchLock")
    private final long[] batch = new long[BATCH * 2];
    // @GuardedBy("batchLock")
    private int next = BATCH * 2;

    /** Names from {@link SecureRandom}: the generator of every node in normal use. */
    public NameGenerator() {
        this(new SecureRandom());
    }

    /**
     * Names from {@code random}. Only for the deterministic simulation, where a seeded generator makes every
     * name, and so every map's iteration order, the same on each replay of a seed; such names are guessable,
     * so no node in normal use is made this way.
     */
    public NameGenerator(RandomGenerator random) {
        this.random = random;
    }

    /** A fresh random port name. */
    public PortName nextPortName() {
        long[] pair = nextPair();
        return new PortName(pair[0], pair[1]);
    }

    /**
     * The name of a new location of the endpoint whose port is named {@code endpoint} (docs/ports.md, "Orphans"):
     * the same high half, which identifies the endpoint wherever it moves, and a fresh random low half, which keeps
     * 64 unguessable bits per location (a node that once held the endpoint knows the high half).
     */
    public PortName nextLocationOf(PortName endpoint) {
        while (true) {
            long low = nextPair()[1];
            if (endpoint.high() != 0 || low != 0) {
                return new PortName(endpoint.high(), low);
            }
        }
    }

    /** A fresh random node name. */
    public NodeName nextNodeName() {
        long[] pair = nextPair();
        return new NodeName(pair[0], pair[1]);
    }

    private long[] nextPair() {
        batchLock.lock();
        try {
            while (true) {
                if (next == batch.length) {
                    for (int i = 0; i < batch.length; i++) {
                        batch[i] = random.nextLong();
                    }
                    next = 0;
                }
                long high = batch[next++];
                long low = batch[next++];
                if (high != 0 || low != 0) {
                    return new long[] {high, low};
                }
            }
        } finally {
            batchLock.unlock();
        }
    }
}
