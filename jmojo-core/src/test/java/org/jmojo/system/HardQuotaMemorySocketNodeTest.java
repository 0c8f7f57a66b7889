package org.jmojo.system;

/** {@link HardQuotaMemoryTest} with the writer on one node and the receiver, with its HARD quota, on another, the two joined by a real Unix socket pair (issue 9). */
class HardQuotaMemorySocketNodeTest extends HardQuotaMemoryTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
