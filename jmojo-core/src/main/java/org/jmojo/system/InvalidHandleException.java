package org.jmojo.system;

/**
 * A handle that is not valid was used: closed, sent in a message, moved away by {@code pass()}, or
 * never created. Always carries {@link MojoResult#INVALID_ARGUMENT}; the message names the handle
 * ({@code handle=0x…}) and what happened to it.
 */
public final class InvalidHandleException extends MojoException {
    private static final long serialVersionUID = 1L;

    private final int handle;
    private final int index;

    /**
     * @param handle the handle value, 0 if none
     * @param index the position of the handle in a list argument ({@link Core#waitMany}, the handles of a
     *     written message), or -1 when the call took it as a single argument (never -1 for a handle of a
     *     list argument)
     */
    public InvalidHandleException(int handle, int index, String message) {
        super(MojoResult.INVALID_ARGUMENT, message);
        this.handle = handle;
        this.index = index;
    }

    /** The handle value that was used. */
    public int handle() {
        return handle;
    }

    /** Its position in a list argument, or -1 when the call took a single handle. */
    public int index() {
        return index;
    }
}
