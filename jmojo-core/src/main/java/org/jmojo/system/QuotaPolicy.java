package org.jmojo.system;

/** What happens when a message would take a receive queue over its {@link ReceiveQuota}. */
public enum QuotaPolicy {
    /**
     * The message is queued and the receiving endpoint raises {@link Signals#QUOTA_EXCEEDED}, which
     * clears once the queue is back within the limit (Chromium's behaviour). Nothing fails.
     */
    SIGNAL,
    /**
     * The overrunning message is not queued and the pipe breaks: the receiving endpoint keeps the
     * messages it had accepted, readable, and then reports {@link Signals#PEER_CLOSED}; the writing
     * endpoint sees {@code PEER_CLOSED}. The overrunning in-process write itself returns
     * {@link MojoResult#RESOURCE_EXHAUSTED} with every attached handle still valid. Both ends report
     * {@link ClosureReason#RECEIVE_QUOTA_EXCEEDED}. A write racing the overrun on another thread may
     * still return {@code OK} and be dropped (its handles closed), exactly as a write racing the peer's
     * close does: it was sent before the writer could learn that the pipe had broken.
     */
    HARD
}
