package org.jmojo.system;

/**
 * {@link MessagePipeEndpointTest} with the two ends of every pipe under test on two nodes joined by a real Unix socket pair (issue 9); the tests that attach
 * handles to the pipe under test move them between the nodes.
 */
class MessagePipeEndpointSocketNodeTest extends MessagePipeEndpointTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.socketNode();
    }
}
