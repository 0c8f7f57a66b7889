package org.jmojo.bindings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Many remotes of one interface, for example the observers a service notifies (Chromium's
 * {@code RemoteSet}). A remote leaves the set when its pipe is lost; the set's disconnect handler
 * then gets its id and reason. {@link #forEach} calls every remote still in the set, in the order
 * they were added.
 *
 * <p>Thread-safe; ids are unique within a set and never reused. The set owns the remotes added to
 * it: {@link #close()} closes them all.
 *
 * @param <I> the generated interface
 */
public final class RemoteSet<I> implements AutoCloseable {

    private final Map<Long, Remote<I>> remotes = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile BiConsumer<Long, DisconnectReason> disconnectHandler;

    /** Binds {@code pending} with {@link Remote.Options#defaults()} and adds it; returns its id. */
    public long add(PendingRemote<I> pending) {
        return add(Remote.bind(pending));
    }

    /** Adds a bound remote, which the set then owns; its disconnect handler is replaced by the set's. */
    public long add(Remote<I> remote) {
        Objects.requireNonNull(remote, "remote");
        long id = nextId.getAndIncrement();
        remotes.put(id, remote);
        remote.setDisconnectHandler(reason -> {
            BiConsumer<Long, DisconnectReason> handler = disconnectHandler;
            if (handler != null) {
                handler.accept(id, reason);
            }
        });
        remote.router().addEndListener(() -> remotes.remove(id));
        return id;
    }

    /** The remote with id {@code id}, null if it is not (or no longer) in the set. */
    public Remote<I> get(long id) {
        return remotes.get(id);
    }

    /** Calls {@code call} with the proxy of every remote in the set, in the order they were added. */
    public void forEach(Consumer<? super I> call) {
        for (Remote<I> r : remotes.values()) {
            call.accept(r.get());
        }
    }

    /** Closes and removes remote {@code id}; false if it is not (or no longer) in the set. */
    public boolean remove(long id) {
        Remote<I> r = remotes.remove(id);
        if (r == null) {
            return false;
        }
        r.close();
        return true;
    }

    /** How many remotes are in the set now. A snapshot. */
    public int size() {
        return remotes.size();
    }

    /** The ids in the set now, in the order added. A snapshot. */
    public List<Long> ids() {
        return new ArrayList<>(remotes.keySet());
    }

    /** Sets the handler that gets a remote's id and reason when its pipe is lost (not when closed here). */
    public void setDisconnectHandler(BiConsumer<Long, DisconnectReason> handler) {
        disconnectHandler = handler;
    }

    /** Closes every remote and empties the set. Idempotent. */
    @Override
    public void close() {
        for (Long id : ids()) {
            remove(id);
        }
    }
}
