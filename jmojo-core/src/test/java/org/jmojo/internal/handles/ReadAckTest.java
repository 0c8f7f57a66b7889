package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jmojo.internal.multinode.SimulatedNetwork;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.ReadAckEvent;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReceiveQuota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read acks across nodes (docs/ports.md, "Read acks"): the writing end asks, the reading end answers once it has
 * read that far (also after it moved to another node with the request pending), a reader with a quota answers
 * unasked every quarter of its message limit, and an ack for more than was sent is a violation.
 */
@Timeout(60)
class ReadAckTest {
    private final Core a = LocalCore.newNode();
    private final Core b = LocalCore.newNode();
    private final Core c = LocalCore.newNode();
    private final SimulatedNetwork net = new SimulatedNetwork();

    ReadAckTest() {
        net.join(a);
        net.join(b);
        net.join(c);
    }

    private static PortRef portOf(Handle h) {
        return ((EndpointDispatcher) HandleHolder.dispatcherOf(h, -1)).port;
    }

    private static long unacknowledged(Core core, Handle h) {
        return LocalCore.of(core).node().getStatus(portOf(h)).orElseThrow().unacknowledgedMessages();
    }

    private static void write(MessagePipeEndpoint end, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(end.writeMessage(new byte[] {(byte) i})).isEqualTo(MojoResult.OK);
        }
    }

    private static void read(MessagePipeEndpoint end, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(end.readMessage().result()).isEqualTo(MojoResult.OK);
        }
    }

    @Test
    void requested_answeredOnceReadThatFar() {
        MessagePipe pipe = LocalCore.of(a).createMessagePipeTo(LocalCore.of(b));
        write(pipe.end0(), 10);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(10);
        assertThat(LocalCore.of(a).node().requestReadAck(portOf(pipe.end0()))).isTrue();
        net.deliverAll(100);
        read(pipe.end1(), 4);
        net.deliverAll(100);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(10);
        read(pipe.end1(), 6);
        net.deliverAll(100);
        assertThat(unacknowledged(a, pipe.end0())).isZero();
        write(pipe.end0(), 2);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(2);
        pipe.close();
        net.deliverAll(100);
        assertThat(net.violations()).isEmpty();
    }

    @Test
    void requestPendingWhenTheReaderMoves_answeredFromItsNewNode() {
        MessagePipe pipe = LocalCore.of(a).createMessagePipeTo(LocalCore.of(b));
        MessagePipe carrier = LocalCore.of(b).createMessagePipeTo(LocalCore.of(c));
        write(pipe.end0(), 5);
        LocalCore.of(a).node().requestReadAck(portOf(pipe.end0()));
        net.deliverAll(100);
        assertThat(carrier.end0().writeMessage(new byte[] {1}, List.of(pipe.end1()))).isEqualTo(MojoResult.OK);
        write(pipe.end0(), 1);
        net.deliverAll(100);
        MessagePipeEndpoint moved = (MessagePipeEndpoint) carrier.end1().readMessage().message().handles().getFirst();
        read(moved, 5);
        net.deliverAll(100);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(1);
        assertThat(LocalCore.of(b).node().census().proxying()).isZero();
        moved.close();
        pipe.end0().close();
        carrier.close();
        net.deliverAll(100);
        assertThat(net.violations()).isEmpty();
        assertThat(LocalCore.of(b).portCount()).isZero();
    }

    @Test
    void readerWithAQuota_acksUnaskedEveryQuarterOfItsLimit() {
        MessagePipe pipe = LocalCore.of(a).createMessagePipeTo(LocalCore.of(b));
        pipe.end1().setReceiveQuota(new ReceiveQuota(8, Long.MAX_VALUE, QuotaPolicy.SIGNAL));
        write(pipe.end0(), 8);
        net.deliverAll(100);
        read(pipe.end1(), 1);
        net.deliverAll(100);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(8);
        read(pipe.end1(), 1);
        net.deliverAll(100);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(6);
        read(pipe.end1(), 5);
        net.deliverAll(100);
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(2);
        pipe.close();
        net.deliverAll(100);
    }

    @Test
    void ackBeyondWhatWasSent_violation() throws Exception {
        MessagePipe pipe = LocalCore.of(a).createMessagePipeTo(LocalCore.of(b));
        write(pipe.end0(), 2);
        PortName writer = portOf(pipe.end0()).name();
        PortName reader = portOf(pipe.end1()).name();
        byte[] tooFar = EventCodec.encode(new ReadAckEvent(writer, reader, 1, 3));
        assertThatThrownBy(() -> net.inject(b, a, tooFar))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("sent only up to 2");
        assertThat(unacknowledged(a, pipe.end0())).isEqualTo(2);
        Node.RemoteVerdict ok = LocalCore.of(a).acceptEvent(LocalCore.of(b).nodeName(),
                EventCodec.encode(new ReadAckEvent(writer, reader, 1, 2)));
        assertThat(ok).isEqualTo(Node.RemoteVerdict.PROCESSED);
        assertThat(unacknowledged(a, pipe.end0())).isZero();
        pipe.close();
        net.deliverAll(100);
    }
}
