package org.jmojo.internal.ports;

/**
 * A receive quota as the ports layer enforces it, where messages are queued.
 *
 * @param maxMessages most queued messages admitted
 * @param maxBytes most queued payload bytes admitted
 * @param hard true: an overrunning message is refused and the port breaks (reason 1); false: it is
 *     queued and the status reports the quota exceeded
 */
public record ReceiveLimits(long maxMessages, long maxBytes, boolean hard) {
    /** No limits. */
    public static final ReceiveLimits NONE = new ReceiveLimits(Long.MAX_VALUE, Long.MAX_VALUE, false);

    boolean overrunBy(long messages, long bytes) {
        return messages > maxMessages || bytes > maxBytes;
    }
}
