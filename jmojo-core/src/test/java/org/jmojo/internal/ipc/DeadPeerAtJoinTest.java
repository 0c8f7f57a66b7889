package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.HelloAck;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.channel.RawFrames;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.platform.SocketMessenger;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.Core;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stages of issue 9's "child not seeing its parent's death" at which the other side is dead before this side's first
 * word: the hello written on a new channel meets a dead socket ({@code EPIPE}) and the channel closes inside its own
 * opening. The invitee must be told at once, as for any end of the channel, and not get an exception from the I/O
 * thread's registration of a closed socket (which {@code IncomingInvitation.accept} threw as an
 * {@code IllegalStateException} when the inviter died as the invitee connected); and a client's invitee whose broker
 * channel (in the hello-ack) is already dead must not join with a broker that is gone. The inviter here is a raw
 * socket; a dead peer is a socket whose other end is already closed.
 */
@Timeout(60)
class DeadPeerAtJoinTest {
    /** A party that must not join: it completes {@code ended} with how the channel ended ("REASON: detail"). */
    private static NodeChannels.InvitationParty endingInto(CompletableFuture<String> ended) {
        return new NodeChannels.InvitationParty() {
            @Override
            public void connected(NodeChannels.Peer peer, NodeName n) {
                ended.completeExceptionally(new AssertionError("joined through a dead socket"));
            }

            @Override
            public void ended(NodeChannels.Peer peer, CloseReason reason, String detail) {
                ended.complete(reason + ": " + detail);
            }
        };
    }

    @Test
    void inviterGoneBeforeTheHello_theInvitationEndsDisconnected_noException() throws Exception {
        Core c = Nodes.newNode();
        NodeChannels channels = NodeChannels.of(LocalCore.of(c));
        channels.markInvitee();
        UnixSocket.Pair invitation = UnixSocket.pair(true);
        invitation.second().close(); // the inviter has died
        CompletableFuture<String> ended = new CompletableFuture<>();
        try {
            channels.connectToInviter(invitation.first(), new Id128(5, 5), endingInto(ended));
            assertThat(ended.get()).startsWith(CloseReason.DISCONNECTED + ": ");
            assertThat(channels.connectedNodes()).isEmpty();
        } finally {
            channels.close();
        }
    }

    @Test
    void brokerChannelDeadOnArrival_theInvitationEndsAtOnce_noChannelLeft() throws Exception {
        Core c = Nodes.newNode();
        NodeChannels channels = NodeChannels.of(LocalCore.of(c));
        channels.markInvitee();
        NodeName inviter = new NodeName(0x1D1E_0000L, 1);
        NodeName broker = new NodeName(0x1D1E_0000L, 2);
        UnixSocket.Pair invitation = UnixSocket.pair(true);
        UnixSocket.Pair brokerPair = UnixSocket.pair(true);
        brokerPair.second().close(); // the broker's end: the broker has died
        CompletableFuture<String> ended = new CompletableFuture<>();
        try (SocketMessenger raw = new SocketMessenger(4096)) {
            channels.connectToInviter(invitation.first(), new Id128(5, 5), endingInto(ended));
            byte[] ack = RawFrames.frame(FrameType.HELLO_ACK, new HelloAck(1, HelloAck.Status.OK, 0,
                    NodeChannels.id(inviter), NodeChannels.id(broker)).encode().toArray(ValueLayout.JAVA_BYTE), 1);
            assertThat(raw.send(invitation.second(), MemorySegment.ofArray(ack), 0, ack.length,
                    List.of(brokerPair.first()))).isEqualTo(ack.length);
            brokerPair.first().close(); // the invitee has its own copy now
            assertThat(ended.get()).contains("cannot open the channel to the broker");
            assertThat(channels.connectedNodes()).isEmpty();
        } finally {
            channels.close();
            invitation.second().close();
        }
    }
}
