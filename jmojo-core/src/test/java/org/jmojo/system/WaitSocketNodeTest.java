package org.jmojo.system;

/** {@link WaitTest} with the two ends of every pipe it makes on two nodes joined by a real Unix socket pair (issue 9). */
class WaitSocketNodeTest extends WaitTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
