package org.jmojo.system;

/** {@link HardQuotaMemoryTest} with the writer on one node and the receiver, with its HARD quota, on another. */
class HardQuotaMemoryCrossNodeTest extends HardQuotaMemoryTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
