package org.jmojo.system;

/** {@link WaitTest} with the two ends of every pipe it makes on two nodes (issue 8, item 8). */
class WaitCrossNodeTest extends WaitTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
