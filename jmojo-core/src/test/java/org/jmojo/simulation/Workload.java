package org.jmojo.simulation;

/**
 * One kind of activity the scheduler interleaves with frame deliveries and faults: API calls on the nodes
 * (through the public system API wherever it suffices), and the invariants that activity must keep. All on
 * the scheduler's thread; every random choice comes from {@link World#random}, so a seed replays exactly.
 */
interface Workload {
    /** A short name, for reports. */
    String name();

    /** Does one thing: an API call or two. */
    void step(World w);

    /** Called right after a fault (link loss or kill) so the workload can check what must hold at once. */
    void afterFault(World w);

    /** At quiescence (every frame delivered): checks the end state, then releases everything it holds. */
    void finish(World w);
}
