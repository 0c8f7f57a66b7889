package org.jmojo.internal.handles;

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
 * The Java object owning one handle (STYLE.md B.8 holder semantics): it refers to the handle's
 * dispatcher until {@link #close()} or {@link #pass()} empties it, or until a write sends the handle
 * (the dispatcher then says so). Concurrent closes are harmless: the dispatcher's own state lets exactly
 * one of them release the handle.
 */
abstract class HandleHolder<D extends Dispatcher> implements Handle {
    private final int value;
    private final HandleType type;
    private final AtomicReference<D> dispatcher;
    private volatile boolean passed;

    HandleHolder(D dispatcher) {
        this.value = dispatcher.value;
        this.type = dispatcher.type;
        this.dispatcher = new AtomicReference<>(dispatcher);
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
        return d;
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
        return dispatcher().rights();
    }

    @Override
    public final void reduceRights(Set<Right> rights) {
        dispatcher().reduceRights(rights);
    }

    @Override
    public final SignalsState querySignalsState() {
        return dispatcher().querySignalsState();
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
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + Dispatcher.name(value) + (isValid() ? "" : ", invalid") + "]";
    }
}
