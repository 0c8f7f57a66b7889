package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who owns a message's bytes on their way between nodes joined by sockets (docs/performance.md §6.z): the payload
 * is gathered into the frame from the message's own array on the way out, and the receiving channel lends the
 * frame's bytes out of its receive buffer on the way in. Neither may show: a writer may reuse its array as soon as
 * {@code writeMessage} returns, and a message read keeps its bytes whatever arrives after it.
 */
@Timeout(120)
class NodeChannelsPayloadTest {
    /** Sizes around the paths a frame takes: small, a 64 KiB message, one larger than the 128 KiB staging buffer. */
    private static final int[] SIZES = {1, 64, 4096, 64 * 1024, 200 * 1024};
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SocketNetwork network = new SocketNetwork(false);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    private Core joinedNode() throws Exception {
        Core core = Nodes.newNode();
        network.join(core);
        return core;
    }

    private static Message read(Core core, MessagePipeEndpoint end) {
        assertThat(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result()).isEqualTo(MojoResult.OK);
        ReadResult r = end.readMessage();
        assertThat(r.result()).isEqualTo(MojoResult.OK);
        return r.message();
    }

    /** {@code size} bytes, each {@code (n + index) mod 251}: a message's content names its number and its length. */
    private static byte[] pattern(int n, int size) {
        byte[] bytes = new byte[size];
        fill(bytes, n);
        return bytes;
    }

    private static void fill(byte[] bytes, int n) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((n + i) % 251);
        }
    }

    /**
     * Writes message {@code n} of every size from one array per size, each array overwritten with the next message's
     * content (and finally with zeros) as soon as the write returns.
     */
    private static void writeReusingArrays(MessagePipeEndpoint end, int messages) {
        byte[][] arrays = new byte[SIZES.length][];
        for (int s = 0; s < SIZES.length; s++) {
            arrays[s] = new byte[SIZES[s]];
        }
        for (int n = 0; n < messages; n++) {
            for (byte[] array : arrays) {
                fill(array, n);
                assertThat(end.writeMessage(array)).isEqualTo(MojoResult.OK);
            }
        }
        for (byte[] array : arrays) {
            Arrays.fill(array, (byte) 0);
        }
    }

    private static void readPatterns(Core core, MessagePipeEndpoint end, int messages) {
        for (int n = 0; n < messages; n++) {
            for (int size : SIZES) {
                assertThat(read(core, end).bytes()).as("message %d of %d bytes", n, size).isEqualTo(pattern(n, size));
            }
        }
    }

    @Test
    void writerReusesItsArrayRightAfterWriteMessage_peerOnAnotherNode_readsWhatWasWritten() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        try (MessagePipe p = Nodes.pipeBetween(a, b)) {
            writeReusingArrays(p.end0(), 20);
            readPatterns(b, p.end1(), 20);
        }
    }

    @Test
    void writerReusesItsArrayRightAfterWriteMessage_peerOnTheSameNode_readsWhatWasWritten() throws Exception {
        Core a = joinedNode();
        try (MessagePipe p = a.createMessagePipe()) {
            writeReusingArrays(p.end0(), 5);
            readPatterns(a, p.end1(), 5);
        }
    }

    @Test
    void writerReusesItsArrayWhileThePeerMovesBetweenNodes_messagesHeldOnTheWay_readWhatWasWritten() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        Core c = joinedNode();
        try (MessagePipe ab = Nodes.pipeBetween(a, b); MessagePipe bc = Nodes.pipeBetween(b, c)) {
            MessagePipe moving = a.createMessagePipe();
            // Written while the peer is local, then as it leaves for B, then for C: messages wait in inboxes and
            // proxies and are forwarded later, by whichever thread drains them, long after these writes returned.
            writeReusingArrays(moving.end0(), 2);
            assertThat(ab.end0().writeMessage(new byte[] {1}, List.of(moving.end1()))).isEqualTo(MojoResult.OK);
            writeReusingArrays(moving.end0(), 2);
            MessagePipeEndpoint atB = read(b, ab.end1()).handle(0, MessagePipeEndpoint.class);
            assertThat(bc.end0().writeMessage(new byte[] {2}, List.of(atB))).isEqualTo(MojoResult.OK);
            writeReusingArrays(moving.end0(), 2);
            MessagePipeEndpoint atC = read(c, bc.end1()).handle(0, MessagePipeEndpoint.class);
            for (int round = 0; round < 3; round++) {
                readPatterns(c, atC, 2);
            }
            atC.close();
            moving.end0().close();
        }
    }

    @Test
    void receivedMessagesKeepTheirBytes_afterLaterFramesArriveInTheSameReceiveBuffer() throws Exception {
        Core a = joinedNode();
        Core b = joinedNode();
        try (MessagePipe p = Nodes.pipeBetween(a, b)) {
            List<Message> kept = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                assertThat(p.end0().writeMessage(pattern(n, SIZES[n % SIZES.length]))).isEqualTo(MojoResult.OK);
                // Read now and kept: every later message arrives through the receive buffer this one came through.
                kept.add(read(b, p.end1()));
            }
            for (int n = 0; n < 30; n++) {
                assertThat(kept.get(n).bytes()).as("message %d", n).isEqualTo(pattern(n, SIZES[n % SIZES.length]));
            }
        }
    }
}
