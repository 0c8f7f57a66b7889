package org.jmojo.system;

import org.junit.jupiter.api.AfterEach;

/**
 * The base of the core's semantic tests that run with their pipes on one node and again across two
 * (issue 8, item 8): {@link #nodes} gives each test its pipes and the Core of each end; a {@code *CrossNodeTest}
 * subclass overrides {@link #placement()}. See {@link PipePlacement}, which also lists the tests left out of
 * the cross-node runs.
 */
abstract class PlacedPipes {
    /** Where this run's pipes have their ends, with the Core of each. */
    final PipePlacement nodes = placement();

    /** Both ends on one node; a cross-node subclass returns {@link PipePlacement#crossNode()}. */
    PipePlacement placement() {
        return PipePlacement.sameNode();
    }

    @AfterEach
    final void checkPlacement() {
        nodes.checkAfterTest();
    }
}
