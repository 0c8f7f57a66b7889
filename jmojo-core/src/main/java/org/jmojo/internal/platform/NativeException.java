package org.jmojo.internal.platform;

import java.io.IOException;

/**
 * A system call failed: names the call, the descriptor or argument it was made on, and the
 * {@code errno} it reported, by number, symbolic name and description, for example
 * {@code "sendmsg(fd 12) failed: EPIPE (the peer closed its end), errno 32"}.
 *
 * <p>Outcomes a caller is expected to handle in its normal flow are not thrown: {@code EAGAIN} on a
 * non-blocking descriptor comes back as a value ({@link UnixSocket#WOULD_BLOCK}), {@code EINTR} is
 * retried inside the platform layer.
 */
public final class NativeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeException(String call, String subject, int errno) {
        super(call + "(" + subject + ") failed: " + Errno.name(errno) + " (" + Errno.text(errno) + "), errno " + errno);
        this.call = call;
        this.errno = errno;
    }

    /** The name of the failed C function, {@code "sendmsg"}. */
    public String call() {
        return call;
    }

    /** The {@code errno} value the call reported. */
    public int errno() {
        return errno;
    }
}
