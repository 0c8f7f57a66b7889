package org.jmojo.bindings;

import java.util.Map;
import org.jmojo.bindings.internal.router.BadMessageCounters;

/**
 * Process-wide counters of the messages that made a binding close its pipe, by reason: the name of
 * the {@link ValidationError} for a message that failed validation, {@link #PROTOCOL_ERROR} for a
 * peer that broke the bindings protocol, and the reason an implementation gave to
 * {@link CallContext#reportBadMessage(String)}. Tests read them to check that a bad peer was caught
 * for the right reason; monitoring can export them.
 *
 * <p>Thread-safe; the counters only grow. An implementation that reports reasons built from
 * untrusted data makes one counter per distinct text: report a fixed reason and log the detail.
 */
public final class BadMessages {

    /** The reason counted for a protocol error (a response to no request in flight, or for another method). */
    public static final String PROTOCOL_ERROR = "PROTOCOL_ERROR";

    private BadMessages() {}

    /** How many bad messages were counted for {@code reason} so far in this process. */
    public static long count(String reason) {
        return BadMessageCounters.count(reason);
    }

    /** Every reason counted so far, with its count: a sorted snapshot. */
    public static Map<String, Long> snapshot() {
        return BadMessageCounters.snapshot();
    }
}
