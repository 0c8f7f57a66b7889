package org.jmojo.system;

/** {@link WaitSetTest} with the two ends of every pipe it makes on two nodes joined by a real Unix socket pair (issue 9). */
class WaitSetSocketNodeTest extends WaitSetTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
