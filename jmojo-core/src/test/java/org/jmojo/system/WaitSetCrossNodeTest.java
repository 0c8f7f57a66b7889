package org.jmojo.system;

/** {@link WaitSetTest} with the two ends of every pipe it makes on two nodes (issue 8, item 8). */
class WaitSetCrossNodeTest extends WaitSetTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
