package org.jmojo.internal.handles;

import java.util.List;
import java.util.Set;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.system.Right;

/**
 * A message written on this node: a private copy of the payload and, in attachment order, the ports of
 * the endpoints it carries with the rights each had. It stays an object while it is in-process; it
 * would be serialised only to leave the node.
 *
 * <p>Ownership: created by the writer; owned by the ports layer once sent; owned by the reader once
 * taken (the reader turns each carried port into a new endpoint handle). {@link #discard()} releases
 * nothing beyond the ports, which the ports layer closes itself.
 */
final class LocalMessage implements UserMessage {
    /** One carried handle: its port and the rights it travels with. */
    record Attachment(PortRef port, Set<Right> rights) {}

    private final byte[] bytes;
    private final List<Attachment> attachments;
    private final List<PortRef> ports;

    LocalMessage(byte[] bytes, List<Attachment> attachments) {
        this.bytes = bytes;
        this.attachments = List.copyOf(attachments);
        this.ports = attachments.isEmpty() ? List.of() : this.attachments.stream().map(Attachment::port).toList();
    }

    byte[] bytes() {
        return bytes;
    }

    List<Attachment> attachments() {
        return attachments;
    }

    @Override
    public List<PortRef> ports() {
        return ports;
    }

    @Override
    public long payloadBytes() {
        return bytes.length;
    }

    @Override
    public void discard() {
        // In-process messages hold nothing but heap memory and ports; the ports layer closes the ports.
    }
}
