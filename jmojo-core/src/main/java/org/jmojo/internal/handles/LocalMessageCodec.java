package org.jmojo.internal.handles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.node.EventTranslation;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.system.Right;

/**
 * How a {@link LocalMessage} leaves its node and how one is made from what another node sent: the payload as is,
 * and for each attached handle (a message pipe endpoint, whose port travels as a descriptor, or a platform handle,
 * whose fd travels beside the bytes) an 8-byte header, its rights (a u32 of {@link Right#bit()}s, little endian)
 * and a u32 0 (docs/ports.md, "Handles across nodes"; the spec leaves a handle's header to us).
 * Rights travel so that a handle whose rights were reduced is not given them back by a trip to another node.
 *
 * <p>Stateless and thread-safe.
 */
final class LocalMessageCodec implements EventTranslation.MessageCodec {
    /** The size of a handle's header (a message pipe endpoint's or a platform handle's). */
    static final int HEADER_BYTES = 8;

    private static final int KNOWN_RIGHTS = knownRights();

    private static int knownRights() {
        int bits = 0;
        for (Right r : Right.values()) {
            bits |= r.bit();
        }
        return bits;
    }

    @Override
    public byte[] payload(UserMessage message) {
        return ((LocalMessage) message).bytesForEncoding();
    }

    @Override
    public List<EventTranslation.SerializedHandle> handles(UserMessage message) {
        List<LocalMessage.Attachment> attachments = ((LocalMessage) message).attachments();
        if (attachments.isEmpty()) {
            return List.of();
        }
        List<EventTranslation.SerializedHandle> handles = new ArrayList<>(attachments.size());
        for (LocalMessage.Attachment a : attachments) {
            handles.add(new EventTranslation.SerializedHandle(
                    a.port() != null ? HandleKind.MESSAGE_PIPE : HandleKind.PLATFORM_HANDLE, header(a.rights())));
        }
        return handles;
    }

    private static byte[] header(Set<Right> rights) {
        int bits = 0;
        for (Right r : rights) {
            bits |= r.bit();
        }
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(bits).putInt(0).array();
    }

    @Override
    public List<Fd> takeFds(UserMessage message) {
        return ((LocalMessage) message).takeFds();
    }

    @Override
    public void checkHandleExtra(HandleKind kind, byte[] extra) {
        if (extra.length != HEADER_BYTES) {
            throw new IllegalArgumentException("a " + kind + " handle's header is " + HEADER_BYTES + " bytes, not "
                    + extra.length);
        }
        ByteBuffer b = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        int bits = b.getInt();
        if ((bits & ~KNOWN_RIGHTS) != 0 || b.getInt() != 0) {
            throw new IllegalArgumentException(kind + " handle header rights 0x" + Integer.toHexString(bits)
                    + " name unknown rights, or its reserved u32 is not 0");
        }
    }

    @Override
    public UserMessage message(byte[] payload, List<HandleKind> kinds, List<byte[]> extras, List<PortRef> ports,
            List<Fd> fds) {
        if (kinds.isEmpty()) {
            return new LocalMessage(payload);
        }
        List<LocalMessage.Attachment> attachments = new ArrayList<>(kinds.size());
        int port = 0;
        int fd = 0;
        for (int i = 0; i < kinds.size(); i++) {
            Set<Right> rights = rightsOf(extras.get(i));
            attachments.add(kinds.get(i) == HandleKind.MESSAGE_PIPE
                    ? LocalMessage.Attachment.ofPort(ports.get(port++), rights)
                    : LocalMessage.Attachment.ofFd(fds.get(fd++), rights));
        }
        return LocalMessage.of(payload, attachments);
    }

    private static Set<Right> rightsOf(byte[] header) {
        int bits = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        EnumSet<Right> rights = EnumSet.noneOf(Right.class);
        for (Right r : Right.values()) {
            if ((bits & r.bit()) != 0) {
                rights.add(r);
            }
        }
        return Set.copyOf(rights);
    }
}
