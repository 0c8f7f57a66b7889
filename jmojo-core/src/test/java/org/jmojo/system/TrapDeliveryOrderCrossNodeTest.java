package org.jmojo.system;

/** {@link TrapDeliveryOrderTest} with the writer and the watched end on two nodes (issue 8, item 8). */
class TrapDeliveryOrderCrossNodeTest extends TrapDeliveryOrderTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
