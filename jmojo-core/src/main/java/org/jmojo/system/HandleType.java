package org.jmojo.system;

/** What a handle refers to. Only the types a Java object exists for today are listed. */
public enum HandleType {
    /** One end of a message pipe: {@link MessagePipeEndpoint}. Transferable. */
    MESSAGE_PIPE_ENDPOINT(true),
    /** A wrapped file descriptor: {@link PlatformHandle}. Transferable. */
    PLATFORM_HANDLE(true),
    /** A {@link Trap}. Not transferable. */
    TRAP(false),
    /** A {@link WaitSet}. Not transferable. */
    WAIT_SET(false);

    private final boolean transferable;

    HandleType(boolean transferable) {
        this.transferable = transferable;
    }

    /** Whether a handle of this type may be attached to a message. */
    public boolean isTransferable() {
        return transferable;
    }
}
