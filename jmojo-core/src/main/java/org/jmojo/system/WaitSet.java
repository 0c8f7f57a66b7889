package org.jmojo.system;

/**
 * A set of (handle, signals, cookie) entries that one thread can wait on together, as in domokit.
 * An entry is ready when one of its signals is satisfied, when none can ever be, or when its handle was
 * closed; it stays in the set until {@link #remove removed}.
 *
 * <p>Thread-safe: entries may be added and removed while another thread waits (the wait sees the
 * change). An entry counts as added once {@link #add} has subscribed to its handle: a wait, removal or
 * close racing with the add behaves as if it came first. Not transferable.
 */
public interface WaitSet extends Handle {
    /**
     * Adds an entry.
     *
     * @return {@code OK}, or {@code ALREADY_EXISTS} if an entry with {@code cookie} exists
     * @throws InvalidHandleException if this wait set or {@code handle} is invalid
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code handle} is a trap, wait set or platform handle
     *     (none has signals); {@code BUSY}
     *     while another thread is attaching {@code handle} to a message
     */
    MojoResult add(Handle handle, Signals signals, long cookie);

    /**
     * Removes the entry with {@code cookie}.
     *
     * @return {@code OK}, or {@code NOT_FOUND}
     * @throws InvalidHandleException if this wait set is invalid
     */
    MojoResult remove(long cookie);

    /**
     * Blocks until at least one entry is ready or {@code deadline} passes, then reports up to
     * {@code maxResults} ready entries. Spins briefly, then parks (virtual threads are not pinned).
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code maxResults < 1}
     * @throws InvalidHandleException if this wait set is invalid when the call starts
     */
    WaitSetResult wait(Deadline deadline, int maxResults);

    @Override
    WaitSet pass();
}
