package org.jmojo.system;

/** {@link HandleTest} with the two ends of every pipe under test on two nodes joined by a real Unix socket pair (issue 9). */
class HandleSocketNodeTest extends HandleTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
