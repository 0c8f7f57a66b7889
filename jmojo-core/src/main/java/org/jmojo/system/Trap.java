package org.jmojo.system;

/**
 * Chromium's trap: a set of triggers (handle, signals, condition, context) and a handler. Once
 * {@link #arm() armed}, the trap fires when any trigger's condition becomes true: it disarms itself at
 * once and calls its handler once for each trigger that the same state change made relevant. It must
 * then be armed again; arming fails (listing the events) while a condition already holds, so no change
 * is ever missed.
 *
 * <p>A {@code CANCELLED} event is delivered for a trigger when it is removed, when its handle is closed
 * or sent in a message, or when the trap is closed — whether or not the trap is armed. See
 * {@link TrapHandler} for where and how events are delivered.
 *
 * <p>Thread-safe. A trap cannot be attached to a message ({@link HandleType#TRAP} is not transferable).
 * A trigger counts as added once {@link #addTrigger} has subscribed to its handle: an {@link #arm()},
 * {@link #removeTrigger} or {@link #close()} racing with the add on another thread behaves as if it came
 * first (arming does not judge the new trigger, removing finds nothing, closing makes the add throw
 * with no event for the trigger). A trigger added while its handle is being closed gets only its
 * {@code CANCELLED} event.
 */
public interface Trap extends Handle {
    /**
     * Adds a trigger.
     *
     * @param handle the handle to watch (the trap keeps no ownership of it)
     * @param signals the signals to watch, not empty
     * @param condition whether to fire when they become satisfied or unsatisfied
     * @param context identifies the trigger in events and in {@link #removeTrigger}
     * @return {@code OK}, or {@code ALREADY_EXISTS} if a trigger with {@code context} exists
     * @throws InvalidHandleException if this trap or {@code handle} is invalid
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code signals} is empty or {@code handle} is a trap
     *     or wait set; {@code BUSY} while another thread is attaching {@code handle} to a message
     */
    MojoResult addTrigger(Handle handle, Signals signals, TriggerCondition condition, long context);

    /**
     * Removes the trigger with {@code context}; its {@code CANCELLED} event is delivered at the end of this
     * call.
     *
     * @return {@code OK}, or {@code NOT_FOUND} if no such trigger exists
     * @throws InvalidHandleException if this trap is invalid
     */
    MojoResult removeTrigger(long context);

    /**
     * Arms the trap; see {@link ArmResult} for the outcomes. The same as {@link #arm(int) arm(64)}: if
     * the trap cannot be armed, at most 64 of the blocking events are reported (the others are still
     * blocking, and the next call reports them, since the list is rotated between calls). A trap with more
     * triggers that may all be ready at once can ask for a larger bound: it costs nothing, because the
     * list is only as long as the events actually blocking.
     *
     * @throws InvalidHandleException if this trap is invalid
     */
    ArmResult arm();

    /**
     * Arms the trap, reporting at most {@code maxBlockingEvents} events if it cannot. The bound only caps
     * the list; nothing is allocated for it ahead, so {@link Integer#MAX_VALUE} (report them all) is fine.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if {@code maxBlockingEvents < 1}
     * @throws InvalidHandleException if this trap is invalid
     */
    ArmResult arm(int maxBlockingEvents);

    /** Closes the trap: every remaining trigger gets its {@code CANCELLED} event. */
    @Override
    void close();

    @Override
    Trap pass();
}
