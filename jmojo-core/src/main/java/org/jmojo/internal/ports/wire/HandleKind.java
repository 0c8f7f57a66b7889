package org.jmojo.internal.ports.wire;

/** What a handle entry of a user message transfers (DESIGN.md §3), as a u16. */
public enum HandleKind {
    /** 1: a message pipe endpoint (its port travels as a descriptor). */
    MESSAGE_PIPE(1),
    /** 2: a shared buffer (a memfd fd plus its extra header). */
    SHARED_BUFFER(2),
    /** 3: the producer end of a data pipe. */
    DATA_PIPE_PRODUCER(3),
    /** 4: the consumer end of a data pipe. */
    DATA_PIPE_CONSUMER(4),
    /** 5: a platform handle (an fd). */
    PLATFORM_HANDLE(5);

    private static final HandleKind[] BY_CODE = values();

    private final int code;

    HandleKind(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The kind with wire number {@code code}, or {@code null} for a number version 1 does not define. */
    public static HandleKind ofCode(int code) {
        return code >= 1 && code <= BY_CODE.length ? BY_CODE[code - 1] : null;
    }
}
