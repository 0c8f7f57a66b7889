package org.jmojo.system;

/** {@link QuotaTest} with the two ends of every pipe it makes on two nodes (issue 8, item 8). */
class QuotaCrossNodeTest extends QuotaTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
