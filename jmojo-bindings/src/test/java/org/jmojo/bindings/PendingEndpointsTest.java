package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.Test;

/** Pending endpoints own their message pipe endpoint as a handle does, and carry interface and version. */
class PendingEndpointsTest {

    /** Stands for a generated interface class. */
    static final class Echo {
        static final InterfaceDescriptor<Echo> DESCRIPTOR = InterfaceDescriptor.of(Echo.class, "test.Echo", 3);
    }

    @Test
    void descriptor_nameVersionType() {
        assertThat(Echo.DESCRIPTOR.name()).isEqualTo("test.Echo");
        assertThat(Echo.DESCRIPTOR.version()).isEqualTo(3);
        assertThat(Echo.DESCRIPTOR.type()).isEqualTo(Echo.class);
        assertThat(Echo.DESCRIPTOR).hasToString("test.Echo v3");
        assertThatThrownBy(() -> InterfaceDescriptor.of(Echo.class, "x", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void pendingRemote_ownsEndpoint_closeIdempotent() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        PendingRemote<Echo> remote = new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0(), 2);
        assertThat(remote.descriptor()).isSameAs(Echo.DESCRIPTOR);
        assertThat(remote.version()).isEqualTo(2);
        assertThat(remote.endpoint()).isSameAs(pipe.end0());
        assertThat(remote.isValid()).isTrue();
        remote.close();
        remote.close();
        assertThat(remote.isValid()).isFalse();
        assertThat(pipe.end0().isValid()).isFalse();
        pipe.end1().close();
    }

    @Test
    void passEndpoint_movesItOut_thenInvalid() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        PendingReceiver<Echo> receiver = new PendingReceiver<>(Echo.DESCRIPTOR, pipe.end1());
        try (MessagePipeEndpoint moved = receiver.passEndpoint()) {
            assertThat(moved.isValid()).isTrue();
            assertThat(receiver.isValid()).isFalse();
            assertThatThrownBy(receiver::passEndpoint).isInstanceOf(InvalidHandleException.class);
            receiver.close();
            assertThat(moved.isValid()).as("closing the emptied holder leaves the moved endpoint").isTrue();
        }
        pipe.end0().close();
    }

    @Test
    void writtenInAMessage_endpointMoved() {
        try (MessagePipe carrier = Core.instance().createMessagePipe(); MessagePipe pipe = Core.instance().createMessagePipe()) {
            PendingRemote<Echo> remote = new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0());
            assertThat(carrier.end0().writeMessage(new byte[8], List.of(remote.endpoint()))).isEqualTo(MojoResult.OK);
            assertThat(remote.isValid()).isFalse();
            remote.close();
            carrier.end1().readMessage().message().closeHandles();
        }
    }

    @Test
    void equality_sameEndpointInterfaceVersion() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            assertThat(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0(), 1))
                    .isEqualTo(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0(), 1))
                    .hasSameHashCodeAs(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0(), 1))
                    .isNotEqualTo(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0(), 2))
                    .isNotEqualTo(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end1(), 1));
            assertThat(new PendingReceiver<>(Echo.DESCRIPTOR, pipe.end1()))
                    .isEqualTo(new PendingReceiver<>(Echo.DESCRIPTOR, pipe.end1()));
            assertThatThrownBy(() -> new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0(), -1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0()).version()).isZero();
        }
    }

    @Test
    void associated_interfaceIdAndVersion() {
        PendingAssociatedRemote<Echo> remote = new PendingAssociatedRemote<>(Echo.DESCRIPTOR, -2, 1);
        assertThat(remote.interfaceId()).isEqualTo(-2);
        assertThat(remote.version()).isEqualTo(1);
        assertThat(remote.toString()).contains("interface ID 4294967294");
        assertThat(remote).isEqualTo(new PendingAssociatedRemote<>(Echo.DESCRIPTOR, -2, 1))
                .isNotEqualTo(new PendingAssociatedRemote<>(Echo.DESCRIPTOR, 3, 1));
        PendingAssociatedReceiver<Echo> receiver = new PendingAssociatedReceiver<>(Echo.DESCRIPTOR, 5);
        assertThat(receiver.interfaceId()).isEqualTo(5);
        assertThat(receiver).isEqualTo(new PendingAssociatedReceiver<>(Echo.DESCRIPTOR, 5));
        assertThatThrownBy(() -> new PendingAssociatedRemote<>(Echo.DESCRIPTOR, 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
