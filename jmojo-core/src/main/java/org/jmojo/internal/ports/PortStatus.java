package org.jmojo.internal.ports;

/**
 * A snapshot of a receiving port, from which the system layer derives signals.
 *
 * @param hasReadableMessage the next message in sequence is queued
 * @param peerClosed closure is known and every message up to the closer's last sequence has arrived
 *     (jmojo's PEER_CLOSED rule)
 * @param peerRemote the peer lives on another node
 * @param queuedMessages messages queued, readable or not
 * @param queuedBytes their payload bytes
 * @param quotaExceeded a non-hard limit is exceeded
 * @param closureReason the reason of the known closure, or -1 while none is known
 * @param unacknowledgedMessages messages this port sent that its peer has not yet acknowledged reading: sent minus
 *     the highest read-ack received (docs/ports.md, "Read acks"); counts every message sent while no ack is asked for
 */
public record PortStatus(
        boolean hasReadableMessage,
        boolean peerClosed,
        boolean peerRemote,
        long queuedMessages,
        long queuedBytes,
        boolean quotaExceeded,
        int closureReason,
        long unacknowledgedMessages) {}
