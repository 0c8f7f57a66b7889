package org.jmojo.internal.handles;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.system.Handle;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Right;
import org.jmojo.system.SignalsState;

/**
 * The Java object owning one handle (holder semantics: whoever holds the object owns the handle, and
 * hands it over by {@code pass()}, which empties the old object): it refers to the handle's dispatcher
 * until {@link #close()} or {@link #pass()} empties it, or until a write sends the handle (the
 * dispatcher then says so). Concurrent closes are harmless: the dispatcher's own state lets exactly
 * one of them release the handle.
 *
 * <p>An object dropped while its handle is open is closed by the {@link LeakDetector}, which watches
 * {@link #dispatcher} (the slot, not this object). So that it never acts while an operation on the
 * object is still running, every operation ends with a reachability fence on the object (and on the
 * handles it was given): an object is unreachable only once its last call has returned.
 */
abstract class HandleHolder<D extends Dispatcher> implements Handle {
    private final int value;
    private final HandleType type;
    private final AtomicReference<D> dispatcher;
    /** The leak detector's registration of this object; null when leak detection is off. */
    private final Cleaner.Cleanable leakWatch;
    private volatile boolean passed;

    HandleHolder(D dispatcher) {
        this.value = dispatcher.value;
        this.type = dispatcher.type;
        this.dispatcher = new AtomicReference<>(dispatcher);
        this.leakWatch = LeakDetector.watch(this, this.dispatcher);
    }

    /**
     * The dispatcher behind {@code handle}, or the exception naming what happened to it.
     *
     * @param index the handle's position in a list argument, or -1
     */
    static Dispatcher dispatcherOf(Handle handle, int index) {
        if (!(handle instanceof HandleHolder<?> h)) {
            throw new MojoException(
                    MojoResult.INVALID_ARGUMENT,
                    "handle=0x" + Integer.toHexString(handle.value()) + " is not a handle object made by jmojo: "
                            + handle.getClass().getName());
        }
        return h.dispatcher(index);
    }

    /** The dispatcher, if this object still holds it. @throws InvalidHandleException otherwise */
    final D dispatcher(int index) {
        D d = dispatcher.get();
        if (d == null) {
            String what = passed ? " was moved to another object by pass()" : " is closed";
            String where = index < 0 ? "" : "handles[" + index + "]: ";
            throw new InvalidHandleException(value, index, where + Dispatcher.name(value) + what);
        }
        return d;
    }

    final D dispatcher() {
        return dispatcher(-1);
    }

    /** Empties this object for {@link #pass()}. */
    final D take() {
        D d = dispatcher.getAndSet(null);
        if (d == null) {
            dispatcher(-1); // throws, naming what happened
        }
        passed = true;
        stopLeakWatch();
        return d;
    }

    /** Deregisters the leak watch once this object has emptied its slot: nothing is left to leak. */
    private void stopLeakWatch() {
        if (leakWatch != null) {
            leakWatch.clean(); // runs the action now, which finds the slot empty
        }
    }

    @Override
    public final int value() {
        return value;
    }

    @Override
    public final boolean isValid() {
        D d = dispatcher.get();
        return d != null && d.isUsable();
    }

    @Override
    public final HandleType type() {
        return type;
    }

    @Override
    public Set<Right> rights() {
        try {
            return dispatcher().rights();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public final void reduceRights(Set<Right> rights) {
        try {
            dispatcher().reduceRights(rights);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public final SignalsState querySignalsState() {
        try {
            return dispatcher().querySignalsState();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public final void close() {
        D d = dispatcher.get();
        if (d == null) {
            return;
        }
        // Close first, empty the object after: a thread that finds this object empty then also finds the
        // handle closed everywhere (its peer included).
        try (RequestContext c = RequestContext.enter()) {
            d.close();
        } finally {
            dispatcher.compareAndSet(d, null);
            stopLeakWatch();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + Dispatcher.name(value) + (isValid() ? "" : ", invalid") + "]";
    }
}
