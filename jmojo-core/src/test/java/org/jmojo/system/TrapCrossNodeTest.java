package org.jmojo.system;

/** {@link TrapTest} with the two ends of every pipe it makes on two nodes (issue 8, item 8). */
class TrapCrossNodeTest extends TrapTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
