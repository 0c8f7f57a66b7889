package org.jmojo.bindings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jmojo.bindings.internal.router.Router;

/**
 * Many receivers of one interface, usually one per client of a service (Chromium's
 * {@code ReceiverSet}): each has an id and an optional context object that the implementation reads
 * while it serves that receiver's request ({@link #currentContext()}), for example the client's
 * identity. A receiver leaves the set when its binding ends; the set's disconnect handler then gets
 * its id and reason.
 *
 * <p>Thread-safe; ids are unique within a set and never reused. The set owns the receivers added
 * to it: {@link #close()} closes them all.
 *
 * @param <I> the generated interface
 */
public final class ReceiverSet<I> implements AutoCloseable {

    /** What a receiver of this set carries as its router context. */
    private record Entry(ReceiverSet<?> set, long id, Object context) {}

    private final Map<Long, Receiver<I>> receivers = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Interceptor> interceptors = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<Long, DisconnectReason> disconnectHandler;

    /** {@link #add(PendingReceiver, Object, Object)} without a context. */
    public long add(PendingReceiver<I> pending, I implementation) {
        return add(pending, implementation, null);
    }

    /** Binds {@code implementation} to {@code pending} on a sequence of its own and adds it; returns its id. */
    public long add(PendingReceiver<I> pending, I implementation, Object context) {
        return add(Receiver.bind(pending, implementation), context);
    }

    /**
     * Adds a bound receiver (of a primary or an associated interface), which the set then owns; its
     * disconnect handler is replaced by the set's.
     *
     * @return its id in this set
     * @throws IllegalArgumentException if the receiver is already in a set
     */
    public long add(Receiver<I> receiver, Object context) {
        Objects.requireNonNull(receiver, "receiver");
        Router<I> router = receiver.router();
        if (router.context() != null) {
            throw new IllegalArgumentException(receiver + " is already in a receiver set");
        }
        long id = nextId.getAndIncrement();
        router.setContext(new Entry(this, id, context));
        receivers.put(id, receiver);
        for (Interceptor i : interceptors) {
            receiver.addInterceptor(i);
        }
        receiver.setDisconnectHandler(reason -> {
            BiConsumer<Long, DisconnectReason> handler = disconnectHandler;
            if (handler != null) {
                handler.accept(id, reason);
            }
        });
        router.addEndListener(() -> receivers.remove(id));
        return id;
    }

    /** Closes and removes receiver {@code id}; false if it is not (or no longer) in the set. */
    public boolean remove(long id) {
        Receiver<I> r = receivers.remove(id);
        if (r == null) {
            return false;
        }
        r.close();
        return true;
    }

    /** How many receivers are bound in the set now. A snapshot. */
    public int size() {
        return receivers.size();
    }

    /** Whether the set has no receiver bound. A snapshot. */
    public boolean isEmpty() {
        return receivers.isEmpty();
    }

    /**
     * The context given to {@link #add} for the receiver whose request this thread is dispatching.
     *
     * @throws IllegalStateException if this thread is not dispatching a request of a receiver of this set
     */
    public Object currentContext() {
        return currentEntry().context();
    }

    /** The id of the receiver whose request this thread is dispatching; as {@link #currentContext()}. */
    public long currentReceiverId() {
        return currentEntry().id();
    }

    private Entry currentEntry() {
        if (Router.currentContext() instanceof Entry e && e.set() == this) {
            return e;
        }
        throw new IllegalStateException("currentContext() is only available while a receiver of this set "
                + "dispatches a request, on its thread");
    }

    /** Sets the handler that gets a receiver's id and reason when its pipe is lost (not when closed here). */
    public void setDisconnectHandler(BiConsumer<Long, DisconnectReason> handler) {
        disconnectHandler = handler;
    }

    /** Adds an interceptor to every receiver of the set, present and future. */
    public void addInterceptor(Interceptor interceptor) {
        Objects.requireNonNull(interceptor, "interceptor");
        interceptors.add(interceptor);
        for (Receiver<I> r : receivers.values()) {
            r.addInterceptor(interceptor);
        }
    }

    /** Closes every receiver and empties the set. Idempotent. */
    @Override
    public void close() {
        for (Long id : new ArrayList<>(receivers.keySet())) {
            remove(id);
        }
    }
}
