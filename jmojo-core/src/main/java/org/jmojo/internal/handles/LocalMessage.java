package org.jmojo.internal.handles;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.InboxEntry;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.UserMessage;
import org.jmojo.system.Right;

/**
 * A message written on this node: a private copy of the payload and, in attachment order, what each attached
 * handle carries: the port of a message pipe endpoint, or the descriptor of a platform handle, with the rights
 * the handle had. It stays an object while it is in-process; it is serialised only to leave the node.
 *
 * <p>Ownership: created by the writer; owned by the ports layer once sent; owned by the reader once taken (the
 * reader turns each carried port or descriptor into a new handle). The ports layer closes the ports itself. A
 * message that carries descriptors is a {@link CarryingFds} ({@link #of} picks it), which owns them until exactly
 * one of these takes them ({@link #takeFds()}, at most once): the reader's new handles, the encoding that sends the
 * message to another node (the transport then owns them), or {@link #discard()}, which closes them. A message
 * without descriptors pays nothing for that: no field, no check on its write or read; and one without any
 * attachment, the common case, has no attachment fields either (a {@link Carrying} has them).
 *
 * <p>It is its own {@link InboxEntry}: a local write hands it to its peer's inbox with no further object.
 */
class LocalMessage extends InboxEntry implements UserMessage {
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

    /**
     * A message without attachments: the payload and nothing else, so that the object every write without handles
     * makes (and the reader's core fetches) is 40 bytes, not 48 (docs/performance.md §2.4, seventh pass). A message
     * with attachments is a {@link Carrying}, made by {@link #of}.
     */
    LocalMessage(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A message with these attachments: a {@link CarryingFds} if any of them is a descriptor. */
    static LocalMessage of(byte[] bytes, List<Attachment> attachments) {
        for (Attachment a : attachments) {
            if (a.fd() != null) {
                return new CarryingFds(bytes, attachments);
            }
        }
        return new Carrying(bytes, attachments);
    }

    byte[] bytes() {
        return bytes;
    }

    /**
     * The payload for the encoding that sends this message to another node, called on the thread that encodes it;
     * the encoding copies it into the frame before the call that caused it returns (EventTransport's contract).
     */
    byte[] bytesForEncoding() {
        return bytes();
    }

    /** The attachments, in the order the writer attached them: none here (see {@link Carrying}). */
    List<Attachment> attachments() {
        return List.of();
    }

    @Override
    public List<PortRef> ports() {
        return List.of();
    }

    @Override
    public long payloadBytes() {
        return bytes.length;
    }

    /**
     * The carried descriptors, in attachment order, handed to the caller, who owns them from now on; empty if they
     * were already taken, or there are none. Thread-safe; only the first call gets them.
     */
    List<Fd> takeFds() {
        return List.of();
    }

    @Override
    public void discard() {
        // Only heap memory and ports, which the ports layer closes.
    }

    /** A message with at least one attachment. */
    private static class Carrying extends LocalMessage {
        private final List<Attachment> attachments;
        /** The carried ports, in attachment order: what the ports layer moves with the message. */
        private final List<PortRef> ports;

        Carrying(byte[] bytes, List<Attachment> attachments) {
            super(bytes);
            this.attachments = List.copyOf(attachments);
            List<PortRef> p = new ArrayList<>(attachments.size());
            for (Attachment a : this.attachments) {
                if (a.port() != null) {
                    p.add(a.port());
                }
            }
            this.ports = List.copyOf(p);
        }

        @Override
        final List<Attachment> attachments() {
            return attachments;
        }

        @Override
        public final List<PortRef> ports() {
            return ports;
        }
    }

    /**
     * A message without handles whose payload is, at first, the writer's own array, lent for the duration of its
     * {@code writeMessage} (docs/performance.md §6.z): a message that leaves the node during that call, encoded by
     * the writing thread itself, is copied once, into the frame, instead of twice. The writer calls {@link #settle}
     * before {@code writeMessage} returns, which copies the array if the message is still held (a local peer's
     * inbox, a proxy, a queue): from then on the message has bytes of its own, as any other. Anyone else who needs
     * the bytes before that (a reader on another thread, an encoding on another thread) copies them first, which is
     * safe because the writer has not returned yet: its array still holds what was written.
     *
     * <p>Only the writing thread's encoding uses the lent array, and it then gives up the bytes: the message has
     * left the node, and a later {@link #bytes()} fails rather than return an array its writer may have changed.
     */
    static final class Lent extends LocalMessage {
        private final Thread writer = Thread.currentThread();
        // @GuardedBy("this"): the writer's array while lent, then the message's own copy; null once encoded from the
        // lent array
        private byte[] current;
        // @GuardedBy("this"): whether current is the writer's array
        private boolean lent = true;

        Lent(byte[] writersArray) {
            super(writersArray);
            this.current = writersArray;
        }

        @Override
        byte[] bytes() {
            synchronized (this) {
                settleLocked();
                if (current == null) {
                    throw new IllegalStateException("a message sent to another node has no bytes here any more");
                }
                return current;
            }
        }

        @Override
        byte[] bytesForEncoding() {
            synchronized (this) {
                if (lent && Thread.currentThread() == writer) {
                    // Inside the writer's writeMessage: copied into the frame before it returns.
                    byte[] writers = current;
                    current = null;
                    lent = false;
                    return writers;
                }
            }
            return bytes();
        }

        /** Called by the writer before {@code writeMessage} returns: from now on the bytes are the message's own. */
        void settle() {
            synchronized (this) {
                settleLocked();
            }
        }

        private void settleLocked() {
            if (lent) {
                current = current.clone();
                lent = false;
            }
        }
    }

    /** A message carrying at least one descriptor, which it owns until they are taken. */
    private static final class CarryingFds extends Carrying {
        // @GuardedBy("this"): set once the descriptors have been handed to their next owner
        private boolean taken;

        CarryingFds(byte[] bytes, List<Attachment> attachments) {
            super(bytes, attachments);
        }

        @Override
        List<Fd> takeFds() {
            synchronized (this) {
                if (taken) {
                    return List.of();
                }
                taken = true;
            }
            List<Fd> fds = new ArrayList<>();
            for (Attachment a : attachments()) {
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
}
