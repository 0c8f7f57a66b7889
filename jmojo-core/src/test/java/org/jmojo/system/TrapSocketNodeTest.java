package org.jmojo.system;

/** {@link TrapTest} with the two ends of every pipe it makes on two nodes joined by a real Unix socket pair (issue 9). */
class TrapSocketNodeTest extends TrapTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
