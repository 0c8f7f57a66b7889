package org.jmojo.internal.handles;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.system.Right;

/**
 * A message written on this node: a private copy of the payload and, in attachment order, what each attached
 * handle carries: the port of a message pipe endpoint, or the descriptor of a platform handle, with the rights
 * the handle had. It stays an object while it is in-process; it is serialised only to leave the node.
 *
 * <p>Ownership: created by the writer; owned by the ports layer once sent; owned by the reader once taken (the
 * reader turns each carried port or descriptor into a new handle). The descriptors are owned by this message
 * until exactly one of these takes them ({@link #takeFds()}, at most once): the reader's new handles, the
 * encoding that sends the message to another node (the transport then owns them), or {@link #discard()}, which
 * closes them. The ports layer closes the ports itself.
 */
final class LocalMessage implements UserMessage {
    /**
     * One carried handle: exactly one of {@code port} (a message pipe endpoint) and {@code fd} (a platform handle)
     * is set, with the rights the handle travels with.
     */
    record Attachment(PortRef port, Fd fd, Set<Right> rights) {
        static Attachment ofPort(PortRef port, Set<Right> rights) {
            return new Attachment(port, null, rights);
        }

        static Attachment ofFd(Fd fd, Set<Right> rights) {
            return new Attachment(null, fd, rights);
        }
    }

    private final byte[] bytes;
    private final List<Attachment> attachments;
    private final List<PortRef> ports;
    /** Whether any attachment is a descriptor; false for every message without handles (the hot path). */
    private final boolean carriesFds;
    // @GuardedBy("this"): set once the descriptors have been handed to their next owner
    private boolean fdsTaken;

    LocalMessage(byte[] bytes, List<Attachment> attachments) {
        this.bytes = bytes;
        this.attachments = List.copyOf(attachments);
        if (attachments.isEmpty()) {
            this.ports = List.of();
            this.carriesFds = false;
        } else {
            List<PortRef> p = new ArrayList<>(attachments.size());
            boolean fds = false;
            for (Attachment a : this.attachments) {
                if (a.port() != null) {
                    p.add(a.port());
                } else {
                    fds = true;
                }
            }
            this.ports = List.copyOf(p);
            this.carriesFds = fds;
        }
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

    /**
     * The carried descriptors, in attachment order, handed to the caller, who owns them from now on; empty if they
     * were already taken (or there are none). Thread-safe; only the first call gets them.
     */
    List<Fd> takeFds() {
        if (!carriesFds) {
            return List.of();
        }
        synchronized (this) {
            if (fdsTaken) {
                return List.of();
            }
            fdsTaken = true;
        }
        List<Fd> fds = new ArrayList<>();
        for (Attachment a : attachments) {
            if (a.fd() != null) {
                fds.add(a.fd());
            }
        }
        return fds;
    }

    @Override
    public void discard() {
        // The ports layer closes the ports; the descriptors are this message's to close, unless taken already.
        for (Fd fd : takeFds()) {
            fd.close();
        }
    }
}
