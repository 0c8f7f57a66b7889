package org.jmojo.system;

/**
 * {@link AsyncTest} with the two ends of every pipe under test on two nodes (issue 8, item 8).
 *
 * <p>Left out until endpoints move between nodes (see {@link PipePlacement}): the method overridden below
 * without {@code @Test}, so JUnit does not run it in this class.
 */
class AsyncCrossNodeTest extends AsyncTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }

    /** Needs moves: the pipe under test carries the handle, and its peer is on another node. */
    @Override
    void readAsync_carriesHandles() {}
}
