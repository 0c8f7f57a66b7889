package org.jmojo.internal.ports;

import java.util.List;

/**
 * A user message as the ports layer sees it: opaque, except for the ports it carries and its size.
 *
 * <p>Ownership: once handed to {@link Node#sendUserMessage} successfully, the message and the ports it
 * carries belong to the ports layer until a reader takes it with {@link Node#getMessage}; if the ports
 * layer drops it (its port closed, a gap after a break), it closes the carried ports and calls
 * {@link #discard()}.
 */
public interface UserMessage {
    /** The ports carried, in attachment order. Each is a receiving port of this node. */
    List<PortRef> ports();

    /** The payload size counted against receive quotas. */
    long payloadBytes();

    /**
     * Called once, with no lock held, when the ports layer drops the message unread; releases whatever
     * the message holds besides ports (the descriptors of the platform handles it carries).
     */
    void discard();
}
