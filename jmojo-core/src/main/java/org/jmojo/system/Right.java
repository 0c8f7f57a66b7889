package org.jmojo.system;

/**
 * A right a handle carries (domokit's rights, with its bit values). Rights only ever shrink
 * ({@link Handle#reduceRights}); an operation whose right is missing throws {@link MojoException}
 * with {@link MojoResult#PERMISSION_DENIED}.
 *
 * <p>Which operation needs which right:
 * <ul>
 *   <li>{@link #TRANSFER}: attaching the handle to a message.
 *   <li>{@link #READ}: {@link MessagePipeEndpoint#readMessage()} and its async forms.
 *   <li>{@link #WRITE}: {@link MessagePipeEndpoint#writeMessage}.
 *   <li>{@link #GET_OPTIONS}: {@link MessagePipeEndpoint#receiveQuota()}.
 *   <li>{@link #SET_OPTIONS}: {@link MessagePipeEndpoint#setReceiveQuota}.
 *   <li>{@link #DUPLICATE}, {@link #MAP_READABLE}, {@link #MAP_WRITABLE}, {@link #MAP_EXECUTABLE}: shared
 *       buffers (a later issue); no handle type of this release carries them.
 * </ul>
 * Waiting, querying signals, traps and wait sets need no right.
 */
public enum Right {
    DUPLICATE(1),
    TRANSFER(1 << 1),
    READ(1 << 2),
    WRITE(1 << 3),
    GET_OPTIONS(1 << 4),
    SET_OPTIONS(1 << 5),
    MAP_READABLE(1 << 6),
    MAP_WRITABLE(1 << 7),
    MAP_EXECUTABLE(1 << 8);

    private final int bit;

    Right(int bit) {
        this.bit = bit;
    }

    /** domokit's {@code MOJO_HANDLE_RIGHT_*} bit. */
    public int bit() {
        return bit;
    }
}
