package org.jmojo.system;

import java.util.List;
import org.jmojo.internal.handles.LocalCore;

/**
 * The process-wide entry point of the Mojo system API: creates pipes, traps and wait sets, and waits
 * on handles.
 *
 * <p>Thread-safe; every method may be called from any thread, virtual threads included.
 *
 * <h2>Waiting</h2>
 * A waiting thread first spins for a bounded time (polling the handle's state, yielding the processor
 * between polls), then parks with {@link java.util.concurrent.locks.LockSupport}
 * and is unparked by the thread that makes its condition true. Parking never pins a virtual thread.
 * The spin time is {@link #waitSpinNanos()}: by default 20 µs, or 0 on a one-CPU machine; set the system
 * property {@value #WAIT_SPIN_NANOS_PROPERTY} (nanoseconds, {@code 0} disables spinning) before first use
 * of this class to change it.
 *
 * <p>Waits are uninterruptible (like {@link java.util.concurrent.locks.Lock#lock()}): an interrupt does
 * not end them, and the thread's interrupt status is still set when they return. Use a deadline, or
 * close the handle (the wait then ends with {@link MojoResult#CANCELLED}), to stop a wait from outside.
 */
public final class Core {
    /** System property holding the spin time of a waiter before it parks, in nanoseconds. */
    public static final String WAIT_SPIN_NANOS_PROPERTY = "org.jmojo.waitSpinNanos";

    private static final Core INSTANCE = new Core(LocalCore.instance());

    private final LocalCore impl;

    private Core(LocalCore impl) {
        this.impl = impl;
    }

    /** The process's Core. */
    public static Core instance() {
        return INSTANCE;
    }

    /** Creates a message pipe; the caller owns both endpoints. */
    public MessagePipe createMessagePipe() {
        return impl.createMessagePipe();
    }

    /**
     * Creates a trap with no triggers, disarmed.
     *
     * @param handler receives the trap's events (see {@link TrapHandler} for where it runs)
     */
    public Trap createTrap(TrapHandler handler) {
        return impl.createTrap(handler);
    }

    /** Creates an empty wait set. */
    public WaitSet createWaitSet() {
        return impl.createWaitSet();
    }

    /**
     * Blocks until any of {@code signals} is satisfied on {@code handle}, none can ever be, the handle is
     * closed, or {@code deadline} passes. With {@link Deadline#NONE} it only checks.
     *
     * <p>A handle being attached to a message on another thread can be waited on as any other; the
     * wait ends {@code CANCELLED} once that write succeeds (see {@link Handle}, "A handle in transit").
     *
     * @return {@code OK}, {@code FAILED_PRECONDITION} (at once if unsatisfiable), {@code DEADLINE_EXCEEDED}
     *     or {@code CANCELLED} (closed or sent during the wait), with the signals state that ended the
     *     wait (for {@code OK} it satisfies one of {@code signals}, for {@code FAILED_PRECONDITION} it can
     *     satisfy none, for {@code CANCELLED} it is {@link SignalsState#NONE}; for
     *     {@code DEADLINE_EXCEEDED}, the state when the deadline passed)
     * @throws InvalidHandleException if {@code handle} is invalid when the call starts
     */
    public WaitResult wait(Handle handle, Signals signals, Deadline deadline) {
        return impl.wait(handle, signals, deadline);
    }

    /**
     * Like {@link #wait(Handle, Signals, Deadline)} over several handles: returns as soon as one of them
     * ends the wait, with its index. The state reported for that handle is the one that ended the wait;
     * the others are reported as they are when the call returns.
     *
     * @throws MojoException {@code INVALID_ARGUMENT} if the lists are empty or differ in size
     * @throws InvalidHandleException if a handle is invalid when the call starts; its
     *     {@link InvalidHandleException#index()} is the position of the first such handle
     */
    public WaitManyResult waitMany(List<? extends Handle> handles, List<Signals> signals, Deadline deadline) {
        return impl.waitMany(handles, signals, deadline);
    }

    /** How long a waiter spins before parking, in nanoseconds (see the class documentation). */
    public long waitSpinNanos() {
        return impl.waitSpinNanos();
    }
}
