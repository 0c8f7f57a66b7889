package org.jmojo.internal.ports;

/**
 * A message on its way into a port through the port's inbox ({@link Port}, "The inbox"): what a user-message event
 * from {@link #sender} would carry besides the message, and the link to the entry pushed before it (a stack, until
 * the taking reader reverses the chain into arrival order). A {@link UserMessage} that extends this class is pushed
 * as itself, so that a local write allocates nothing for the hand-off; any other message is wrapped in an entry
 * ({@link #of}).
 *
 * <p>A message is written once, so it is in at most one inbox, at most once. The fields are the ports layer's:
 * written by the pushing writer (holding its own port's lock) before the compare-and-set that publishes the entry,
 * then read and relinked only by the holder of the receiving port's lock, after it took the entry out; they mean
 * nothing once the message is queued.
 */
public abstract class InboxEntry {
    PortName sender;
    long sequence;
    long control;
    InboxEntry next;

    /**
     * For a {@link UserMessage} that is its own entry.
     *
     * @throws IllegalStateException if this object is not a {@code UserMessage}
     */
    protected InboxEntry() {
        if (!(this instanceof UserMessage) && !(this instanceof Wrapper)) {
            throw new IllegalStateException(getClass().getName() + " extends InboxEntry but is not a UserMessage");
        }
    }

    /** The entry of {@code message}, stamped with what its event would carry: the message itself if it is one. */
    static InboxEntry of(UserMessage message, PortName sender, long sequence, long control) {
        InboxEntry e = message instanceof InboxEntry own ? own : new Wrapper(message);
        e.sender = sender;
        e.sequence = sequence;
        e.control = control;
        return e;
    }

    /** The message this entry brings. */
    UserMessage message() {
        return (UserMessage) this;
    }

    /** The entry of a message that is not its own (and the inbox's sealed marker, with no message). */
    static final class Wrapper extends InboxEntry {
        private final UserMessage message;

        Wrapper(UserMessage message) {
            this.message = message;
        }

        @Override
        UserMessage message() {
            return message;
        }
    }
}
