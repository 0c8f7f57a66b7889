package org.jmojo.stress;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Everything a seed decides before its threads start: how many workers, which of them are virtual
 * threads, how many operations each performs, the sizes of the shared pools, and how often each kind
 * of operation is picked. {@link #of} derives it from the seed alone.
 *
 * @param opWeights relative frequency of each {@link Op}, indexed by ordinal
 */
record SeedConfig(
        long seed,
        int workers,
        boolean[] virtualWorkers,
        int opsPerWorker,
        int poolSize,
        int traps,
        int waitSets,
        int maxFill,
        boolean hardQuotas,
        int[] opWeights) {

    /** The operations a worker picks from. */
    enum Op {
        WRITE(30),
        SEND(8),
        NEST(2),
        READ(26),
        CLOSE(3),
        CREATE(4),
        WAIT(7),
        WAIT_MANY(3),
        HANDOFF(2),
        QUERY(5),
        QUOTA(2),
        TRAP_ADD(3),
        TRAP_REMOVE(1),
        TRAP_ARM(3),
        TRAP_REPLACE(1),
        WAIT_SET_ADD(2),
        WAIT_SET_REMOVE(1),
        WAIT_SET_WAIT(2);

        final int baseWeight;

        Op(int baseWeight) {
            this.baseWeight = baseWeight;
        }
    }

    /** A stream of 64-bit values for {@code seed} and {@code lane} (a worker, a trap handler, ...). */
    static SplittableRandom random(long seed, long lane) {
        return new SplittableRandom(mix(seed * 0x9e3779b97f4a7c15L + lane));
    }

    /** A well-mixed 64-bit function of {@code x} (SplitMix64's finaliser). */
    static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }

    /**
     * The configuration of {@code seed}.
     *
     * @param opsScale multiplies the operations per worker (1.0: the default budget)
     */
    static SeedConfig of(long seed, double opsScale) {
        SplittableRandom r = random(seed, -1);
        int workers = 2 + r.nextInt(7); // 2..8
        boolean[] virtual = new boolean[workers];
        for (int i = 0; i < workers; i++) {
            virtual[i] = r.nextBoolean();
        }
        int ops = Math.max(20, (int) Math.round((1000 + r.nextInt(2001)) * opsScale));
        int pool = 8 + r.nextInt(25);
        int traps = 1 + r.nextInt(3);
        int waitSets = 1 + r.nextInt(2);
        int maxFill = r.nextInt(4) == 0 ? 2048 : 64;
        boolean hard = r.nextInt(3) == 0;
        Op[] ops0 = Op.values();
        int[] weights = new int[ops0.length];
        for (Op op : ops0) {
            // Each seed leans a different way: every weight scaled by 1/2 .. 2.
            weights[op.ordinal()] = Math.max(1, op.baseWeight * (2 + r.nextInt(7)) / 4);
        }
        return new SeedConfig(seed, workers, virtual, ops, pool, traps, waitSets, maxFill, hard, weights);
    }

    Op pick(SplittableRandom r) {
        int total = Arrays.stream(opWeights).sum();
        int x = r.nextInt(total);
        for (Op op : Op.values()) {
            x -= opWeights[op.ordinal()];
            if (x < 0) {
                return op;
            }
        }
        throw new AssertionError("weights sum to " + total);
    }

    String describe() {
        int v = 0;
        for (boolean b : virtualWorkers) {
            v += b ? 1 : 0;
        }
        return workers + " workers (" + v + " virtual), " + opsPerWorker + " ops each, pool " + poolSize
                + ", " + traps + " trap(s), " + waitSets + " wait set(s)" + (hardQuotas ? ", HARD quotas" : "");
    }
}
