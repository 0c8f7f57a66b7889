package org.jmojo.system;

/**
 * {@link MessagePipeEndpointTest} with the two ends of every pipe under test on two nodes (issue 8, item 8); the tests that attach
 * handles to the pipe under test move them between the nodes.
 */
class MessagePipeEndpointCrossNodeTest extends MessagePipeEndpointTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }
}
