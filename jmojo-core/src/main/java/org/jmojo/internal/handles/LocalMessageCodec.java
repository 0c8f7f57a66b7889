package org.jmojo.internal.handles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.node.EventTranslation;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.system.Right;

/**
 * How a {@link LocalMessage} leaves its node and how one is made from what another node sent: the payload as is,
 * and for each attached message pipe endpoint an 8-byte header, its rights (a u32 of {@link Right#bit()}s, little
 * endian) and a u32 0 (docs/ports.md, "Handles across nodes"; the spec leaves a pipe endpoint's header to us).
 * Rights travel so that a handle whose rights were reduced is not given them back by a trip to another node.
 *
 * <p>Stateless and thread-safe.
 */
final class LocalMessageCodec implements EventTranslation.MessageCodec {
    /** The size of a message pipe endpoint's header. */
    static final int ENDPOINT_HEADER_BYTES = 8;

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
        return ((LocalMessage) message).bytes();
    }

    @Override
    public byte[] handleExtra(UserMessage message, int index) {
        int bits = 0;
        for (Right r : ((LocalMessage) message).attachments().get(index).rights()) {
            bits |= r.bit();
        }
        return ByteBuffer.allocate(ENDPOINT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(bits).putInt(0).array();
    }

    @Override
    public void checkHandleExtra(byte[] extra) {
        if (extra.length != ENDPOINT_HEADER_BYTES) {
            throw new IllegalArgumentException("a message pipe endpoint's header is " + ENDPOINT_HEADER_BYTES
                    + " bytes, not " + extra.length);
        }
        ByteBuffer b = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        int bits = b.getInt();
        if ((bits & ~KNOWN_RIGHTS) != 0 || b.getInt() != 0) {
            throw new IllegalArgumentException("endpoint header rights 0x" + Integer.toHexString(bits)
                    + " name unknown rights, or its reserved u32 is not 0");
        }
    }

    @Override
    public UserMessage message(byte[] payload, List<PortRef> ports, List<byte[]> handleExtras) {
        if (ports.isEmpty()) {
            return new LocalMessage(payload, List.of());
        }
        List<LocalMessage.Attachment> attachments = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            attachments.add(new LocalMessage.Attachment(ports.get(i), rightsOf(handleExtras.get(i))));
        }
        return new LocalMessage(payload, attachments);
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
