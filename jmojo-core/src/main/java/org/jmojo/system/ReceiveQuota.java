package org.jmojo.system;

import java.util.Objects;

/**
 * Limits on an endpoint's receive queue: unread messages and their total payload bytes. A limit of N
 * admits N (the (N+1)th message overruns). {@link #UNLIMITED} is the default of every endpoint.
 *
 * <p>A quota belongs to the endpoint object that set it: it does not travel when the endpoint is sent
 * in a message (the receiver gets an unlimited endpoint).
 *
 * @param maxMessages the most unread messages admitted; {@link Long#MAX_VALUE} for no limit
 * @param maxBytes the most unread payload bytes admitted; {@link Long#MAX_VALUE} for no limit
 * @param policy what an overrun does
 */
public record ReceiveQuota(long maxMessages, long maxBytes, QuotaPolicy policy) {
    /** No limit at all. */
    public static final ReceiveQuota UNLIMITED = new ReceiveQuota(Long.MAX_VALUE, Long.MAX_VALUE, QuotaPolicy.SIGNAL);

    /**
     * @throws MojoException {@code INVALID_ARGUMENT} if a limit is negative
     */
    public ReceiveQuota {
        if (maxMessages < 0) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT,
                    "maxMessages=" + maxMessages + ": a quota limit must be 0 or more (Long.MAX_VALUE for none)");
        }
        if (maxBytes < 0) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT,
                    "maxBytes=" + maxBytes + ": a quota limit must be 0 or more (Long.MAX_VALUE for none)");
        }
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * A limit on the message count only.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code maxMessages} is negative
     */
    public static ReceiveQuota messages(long maxMessages, QuotaPolicy policy) {
        return new ReceiveQuota(maxMessages, Long.MAX_VALUE, policy);
    }

    /**
     * A limit on the unread payload bytes only.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code maxBytes} is negative
     */
    public static ReceiveQuota bytes(long maxBytes, QuotaPolicy policy) {
        return new ReceiveQuota(Long.MAX_VALUE, maxBytes, policy);
    }

    /** Whether neither limit is set. */
    public boolean isUnlimited() {
        return maxMessages == Long.MAX_VALUE && maxBytes == Long.MAX_VALUE;
    }
}
