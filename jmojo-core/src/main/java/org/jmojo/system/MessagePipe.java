package org.jmojo.system;

import java.util.Objects;

/**
 * The two endpoints of a new message pipe; what one writes the other reads. The caller owns both
 * endpoints and must close them (or pass them on).
 */
public record MessagePipe(MessagePipeEndpoint end0, MessagePipeEndpoint end1) implements AutoCloseable {
    public MessagePipe {
        Objects.requireNonNull(end0, "end0");
        Objects.requireNonNull(end1, "end1");
    }

    /** Closes both endpoints (each idempotently). */
    @Override
    public void close() {
        end0.close();
        end1.close();
    }
}
