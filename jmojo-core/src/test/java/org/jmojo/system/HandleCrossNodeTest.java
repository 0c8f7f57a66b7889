package org.jmojo.system;

/** {@link HandleTest} with the two ends of every pipe under test on two nodes (issue 8, item 8). */
class HandleCrossNodeTest extends HandleTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
