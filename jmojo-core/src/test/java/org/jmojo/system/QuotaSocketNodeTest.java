package org.jmojo.system;

/** {@link QuotaTest} with the two ends of every pipe it makes on two nodes joined by a real Unix socket pair (issue 9). */
class QuotaSocketNodeTest extends QuotaTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
