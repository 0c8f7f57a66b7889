package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.node.EventTranslation;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.system.Right;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalMessage} (which attachments are ports, who owns the descriptors) and {@link LocalMessageCodec} (each
 * attached handle's 8-byte header: its rights as a little-endian u32 of {@link Right#bit()}s, then a u32 0; the
 * checks of a header another node sent; a message rebuilt in attachment order from ports and descriptors).
 */
class LocalMessageTest {
    private final LocalCore node = LocalCore.of(LocalCore.newNode());
    private final PortRef[] ports = node.node.createPortPair();
    private final UnixSocket.Pair sockets;
    private final LocalMessageCodec codec = new LocalMessageCodec();

    LocalMessageTest() throws Exception {
        sockets = UnixSocket.pair(false);
    }

    @AfterEach
    void closeEverything() {
        sockets.close();
        node.node.closePort(ports[0]);
        node.node.closePort(ports[1]);
    }

    private static byte[] header(int rightsBits, int reserved) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(rightsBits).putInt(reserved).array();
    }

    @Test
    void of_picksTheKindByItsAttachments_plainMessageCarriesNothing() {
        List<LocalMessage.Attachment> withFd = List.of(LocalMessage.Attachment.ofFd(sockets.first(), Set.of()));
        LocalMessage withPort = LocalMessage.of(new byte[] {1, 2, 3}, List.of(LocalMessage.Attachment.ofPort(ports[0], Set.of())));
        assertThat(withPort.getClass()).isNotEqualTo(LocalMessage.class);
        assertThat(withPort.takeFds()).isEmpty();
        assertThat(withPort.payloadBytes()).isEqualTo(3);
        assertThat(withPort.ports()).containsExactly(ports[0]);
        LocalMessage carryingFd = LocalMessage.of(new byte[0], withFd);
        assertThat(carryingFd.getClass()).isNotEqualTo(LocalMessage.class).isNotEqualTo(withPort.getClass());
        assertThat(carryingFd.attachments()).hasSize(1);
        LocalMessage plain = new LocalMessage(new byte[] {4, 5});
        assertThat(plain.attachments()).isEmpty();
        assertThat(plain.ports()).isEmpty();
        assertThat(plain.takeFds()).isEmpty();
        assertThat(plain.payloadBytes()).isEqualTo(2);
    }

    @Test
    void ports_onlyThePortAttachments_inOrder_aCopyOfTheGivenList() {
        List<LocalMessage.Attachment> given = new ArrayList<>(List.of(
                LocalMessage.Attachment.ofFd(sockets.first(), Set.of()),
                LocalMessage.Attachment.ofPort(ports[1], Set.of()),
                LocalMessage.Attachment.ofFd(sockets.second(), Set.of()),
                LocalMessage.Attachment.ofPort(ports[0], Set.of())));
        LocalMessage m = LocalMessage.of(new byte[5], given);
        given.clear();
        assertThat(m.ports()).containsExactly(ports[1], ports[0]);
        assertThat(m.attachments()).hasSize(4);
        assertThat(m.payloadBytes()).isEqualTo(5);
        assertThat(new LocalMessage(new byte[0]).ports()).isEmpty();
    }

    @Test
    void takeFds_onceInAttachmentOrder_thenNothing_andDiscardThenClosesNothing() {
        LocalMessage m = LocalMessage.of(new byte[0], List.of(
                LocalMessage.Attachment.ofFd(sockets.second(), Set.of()),
                LocalMessage.Attachment.ofPort(ports[0], Set.of()),
                LocalMessage.Attachment.ofFd(sockets.first(), Set.of())));
        assertThat(m.takeFds()).containsExactly(sockets.second(), sockets.first());
        assertThat(m.takeFds()).isEmpty();
        m.discard();
        assertThat(sockets.first().isOpen()).isTrue();
        assertThat(sockets.second().isOpen()).isTrue();
    }

    @Test
    void discard_beforeTheDescriptorsAreTaken_closesThem_once() {
        LocalMessage m = LocalMessage.of(new byte[0], List.of(
                LocalMessage.Attachment.ofFd(sockets.first(), Set.of()),
                LocalMessage.Attachment.ofFd(sockets.second(), Set.of())));
        m.discard();
        assertThat(sockets.first().isOpen()).isFalse();
        assertThat(sockets.second().isOpen()).isFalse();
        assertThat(m.takeFds()).isEmpty();
        m.discard(); // nothing left to close
    }

    @Test
    void codec_headersCarryTheRightsLittleEndian_kindsInOrder_payloadAsIs() {
        byte[] payload = {9, 8, 7};
        LocalMessage m = LocalMessage.of(payload, List.of(
                LocalMessage.Attachment.ofPort(ports[0], EnumSet.of(Right.READ, Right.WRITE)),
                LocalMessage.Attachment.ofFd(sockets.first(), Set.of(Right.TRANSFER, Right.MAP_EXECUTABLE)),
                LocalMessage.Attachment.ofPort(ports[1], Set.of())));
        assertThat(codec.payload(m)).isSameAs(payload);
        List<EventTranslation.SerializedHandle> handles = codec.handles(m);
        assertThat(handles).extracting(EventTranslation.SerializedHandle::kind)
                .containsExactly(HandleKind.MESSAGE_PIPE, HandleKind.PLATFORM_HANDLE, HandleKind.MESSAGE_PIPE);
        assertThat(handles.get(0).extra()).containsExactly(header(0b1100, 0));
        assertThat(handles.get(1).extra()).containsExactly(header(0x102, 0));
        assertThat(handles.get(1).extra()).containsExactly(2, 1, 0, 0, 0, 0, 0, 0);
        assertThat(handles.get(2).extra()).containsExactly(header(0, 0));
        assertThat(codec.takeFds(m)).containsExactly(sockets.first());
        assertThat(codec.handles(new LocalMessage(payload))).isEmpty();
    }

    @Test
    void codec_checkHandleExtra_wrongLengthUnknownRightOrReservedBits_refusedNamingWhat() {
        codec.checkHandleExtra(HandleKind.MESSAGE_PIPE, header(0x1FF, 0)); // every known right
        assertThatThrownBy(() -> codec.checkHandleExtra(HandleKind.MESSAGE_PIPE, new byte[7]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a MESSAGE_PIPE handle's header is 8 bytes, not 7");
        assertThatThrownBy(() -> codec.checkHandleExtra(HandleKind.PLATFORM_HANDLE, new byte[9]))
                .hasMessage("a PLATFORM_HANDLE handle's header is 8 bytes, not 9");
        assertThatThrownBy(() -> codec.checkHandleExtra(HandleKind.PLATFORM_HANDLE, header(0x200, 0)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLATFORM_HANDLE handle header rights 0x200 name unknown rights");
        assertThatThrownBy(() -> codec.checkHandleExtra(HandleKind.MESSAGE_PIPE, header(0x80000004, 0)))
                .hasMessageContaining("rights 0x80000004");
        assertThatThrownBy(() -> codec.checkHandleExtra(HandleKind.MESSAGE_PIPE, header(4, 1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its reserved u32 is not 0");
        assertThatThrownBy(() -> codec.checkHandleExtra(HandleKind.MESSAGE_PIPE, header(4, 0x80000000)))
                .hasMessageContaining("reserved");
    }

    @Test
    void codec_message_rebuildsAttachmentsInOrder_portsAndDescriptorsEachInTheirOwnOrder_rightsDecoded() {
        Fd a = sockets.first();
        Fd b = sockets.second();
        UserMessage rebuilt = codec.message(new byte[] {4},
                List.of(HandleKind.PLATFORM_HANDLE, HandleKind.MESSAGE_PIPE, HandleKind.MESSAGE_PIPE, HandleKind.PLATFORM_HANDLE),
                List.of(header(0b1000, 0), header(0b0100, 0), header(0x1FF, 0), header(0, 0)),
                List.of(ports[1], ports[0]), List.of(b, a));
        LocalMessage m = (LocalMessage) rebuilt;
        assertThat(m.bytes()).containsExactly(4);
        assertThat(m.attachments()).containsExactly(
                LocalMessage.Attachment.ofFd(b, Set.of(Right.WRITE)),
                LocalMessage.Attachment.ofPort(ports[1], Set.of(Right.READ)),
                LocalMessage.Attachment.ofPort(ports[0], EnumSet.allOf(Right.class)),
                LocalMessage.Attachment.ofFd(a, Set.of()));
        assertThat(m.ports()).containsExactly(ports[1], ports[0]);
        assertThat(m.takeFds()).containsExactly(b, a);
        LocalMessage none = (LocalMessage) codec.message(new byte[] {5}, List.of(), List.of(), List.of(), List.of());
        assertThat(none.attachments()).isEmpty();
        assertThat(none.bytes()).containsExactly(5);
    }
}
