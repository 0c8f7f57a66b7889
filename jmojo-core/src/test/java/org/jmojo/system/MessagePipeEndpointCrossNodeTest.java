package org.jmojo.system;

/**
 * {@link MessagePipeEndpointTest} with the two ends of every pipe under test on two nodes (issue 8, item 8).
 *
 * <p>Left out until endpoints move between nodes (a write attaching a handle to a pipe whose peer is on
 * another node answers {@code UNIMPLEMENTED} today; see {@link PipePlacement}): the methods overridden below
 * without {@code @Test}, so JUnit does not run them in this class.
 */
class MessagePipeEndpointCrossNodeTest extends MessagePipeEndpointTest {
    @Override
    PipePlacement placement() {
        return PipePlacement.crossNode();
    }

    /** Needs moves: the peer sits on the other node, so attaching it is refused as another node's handle. */
    @Override
    void writeMessage_attachesOwnPeer_invalidArgument() {}

    /** Needs moves: the pipe under test is the carrier, and its peer is on another node. */
    @Override
    void writeMessage_tooManyHandles_resourceExhaustedHandlesValid() {}
}
