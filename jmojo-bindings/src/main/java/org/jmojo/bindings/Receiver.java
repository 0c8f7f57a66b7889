package org.jmojo.bindings;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jmojo.bindings.internal.router.Connection;
import org.jmojo.bindings.internal.router.Router;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.InterfaceBinding;

/**
 * Binds an implementation of {@code I} to the receiving end of a pipe: requests arriving on it call
 * the implementation, and its responses go back.
 *
 * <p><b>Validation.</b> Every message is checked before the implementation sees it (header, method,
 * flags and payload, docs/wire-format.md §12). The first invalid one closes the pipe: the client is
 * told the validation error, this receiver's disconnect handler gets
 * {@link DisconnectReason.Kind#VALIDATION_FAILED}, and {@link BadMessages} counts it. Other pipes are
 * untouched. An implementation can do the same for a message it finds bad
 * ({@link CallContext#reportBadMessage}).
 *
 * <p><b>Ownership.</b> {@link #bind} takes the endpoint out of the {@link PendingReceiver}; the
 * receiver owns it until {@link #close()}, {@link #closeWithReason} or a disconnection.
 *
 * <p><b>Threads.</b> The implementation is called on the receiver's executor, one request at a
 * time, in arrival order: on its {@link DispatchSequence} (by default a serial virtual-thread
 * sequence of the receiver's own; receivers that share a sequence run in one order). One exception: while the
 * implementation blocks in a {@code [Sync]} call, that same thread may run the receiver's incoming
 * sync requests (Mojo's sync re-entrancy); a {@code [NoInterrupt]} call never does. The
 * implementation may answer on any thread, by completing the future it returned. On a
 * {@link DispatchSequence#direct() direct sequence} requests run on the thread that delivers them
 * (in one process, the caller's), with the rules given there. The disconnect
 * handler runs on the executor after every request that arrived before the disconnection. Every
 * method of this class may be called from any thread.
 *
 * @param <I> the generated interface
 */
public final class Receiver<I> implements AutoCloseable {

    private final InterfaceDescriptor<I> descriptor;
    private final Router<I> router;

    private Receiver(InterfaceDescriptor<I> descriptor, Router<I> router) {
        this.descriptor = descriptor;
        this.router = router;
    }

    /** {@link #bind(PendingReceiver, Object, DispatchSequence)} on a serial virtual-thread sequence of its own. */
    public static <I> Receiver<I> bind(PendingReceiver<I> pending, I implementation) {
        return bind(pending, implementation, DispatchSequence.create(pending.descriptor().name()));
    }

    /** {@link #bind(PendingReceiver, Object, DispatchSequence)} on a sequence of its own on {@code executor}. */
    public static <I> Receiver<I> bind(PendingReceiver<I> pending, I implementation, Executor executor) {
        return bind(pending, implementation, DispatchSequence.on(executor));
    }

    /**
     * Binds {@code implementation}: takes the endpoint of {@code pending} and starts dispatching on
     * {@code sequence}, in order with the other receivers of that sequence.
     *
     * @throws org.jmojo.system.InvalidHandleException if {@code pending} no longer owns an endpoint
     * @throws IllegalArgumentException if its interface has no generated binding
     */
    public static <I> Receiver<I> bind(PendingReceiver<I> pending, I implementation, DispatchSequence sequence) {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(sequence, "sequence");
        InterfaceBinding<I> binding = Codecs.binding(pending.descriptor().type());
        return new Receiver<>(pending.descriptor(),
                Router.implementation(binding, pending.passEndpoint(), implementation, sequence.queue()));
    }

    /** The self-owned receivers still bound: what keeps them, and so their implementations, alive. */
    private static final java.util.Set<Receiver<?>> SELF_OWNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Binds {@code implementation} to {@code pending} as a self-owned receiver (Chromium's
     * {@code MakeSelfOwnedReceiver}): the bindings keep the receiver and the implementation alive as
     * long as the pipe is bound, so the caller need not keep a reference. When the binding ends (the
     * peer closes, an error, or {@link #close()} on the returned receiver), after the requests queued
     * before the end, the implementation is released and, if it is {@link AutoCloseable}, closed.
     *
     * @return the receiver, for closing it early or setting a disconnect handler
     */
    public static <I> Receiver<I> bindSelfOwned(PendingReceiver<I> pending, I implementation) {
        Receiver<I> receiver = bind(pending, implementation);
        SELF_OWNED.add(receiver);
        receiver.router.addEndListener(() -> {
            SELF_OWNED.remove(receiver);
            if (implementation instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.getLogger(Receiver.class.getName()).log(System.Logger.Level.WARNING,
                            "closing the implementation of a self-owned receiver failed", e);
                }
            }
        });
        return receiver;
    }

    /**
     * Binds {@code implementation} to {@code pending}, an associated receiver received on a pipe or
     * made by {@link #newAssociatedPair}: its requests arrive on that pipe and are dispatched on the
     * sequence of the pipe's primary binding, in one order with the primary interface's messages.
     *
     * @throws IllegalArgumentException if {@code pending} belongs to no pipe (built by hand)
     * @throws IllegalStateException if it is closed, already bound, or was sent
     */
    public static <I> Receiver<I> bind(PendingAssociatedReceiver<I> pending, I implementation) {
        return bind(pending, implementation, (DispatchSequence) null);
    }

    /**
     * {@link #bind(PendingAssociatedReceiver, Object)} on {@code sequence} (null: the primary
     * binding's); on another sequence than the primary's, requests are in order only among
     * themselves.
     */
    public static <I> Receiver<I> bind(PendingAssociatedReceiver<I> pending, I implementation,
            DispatchSequence sequence) {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(implementation, "implementation");
        Connection connection = pending.connection();
        if (connection == null) {
            throw new IllegalArgumentException(pending + " belongs to no pipe: bind an associated receiver that was "
                    + "received in a message or made by newAssociatedPair");
        }
        InterfaceBinding<I> binding = Codecs.binding(pending.descriptor().type());
        return new Receiver<>(pending.descriptor(), Router.implementation(binding, connection, pending.interfaceId(),
                pending.end(), implementation, sequence != null ? sequence.queue() : connection.defaultQueue()));
    }

    /**
     * A new associated interface on this receiver's pipe: send one end in a response or in a message
     * of another interface on the pipe, and bind the other here.
     *
     * On a closed pipe the pair is born disconnected (binding an end gives a binding whose peer is gone).
     */
    public <X> AssociatedPair<X> newAssociatedPair(InterfaceDescriptor<X> descriptor) {
        return AssociatedPair.mint(router.connection(), descriptor);
    }

    /** The interface. */
    public InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /** The bound implementation. */
    public I implementation() {
        return router.implementation();
    }

    /** Sets the handler that gets the reason when the pipe is lost (not when this receiver is closed). */
    public void setDisconnectHandler(Consumer<DisconnectReason> handler) {
        router.setDisconnectHandler(handler);
    }

    /**
     * Adds an interceptor that sees the requests that start after this returns (see {@link Interceptor}
     * for the threads).
     */
    public void addInterceptor(Interceptor interceptor) {
        router.addInterceptor(interceptor);
    }

    /** The router, for the sets of this package. */
    Router<I> router() {
        return router;
    }

    /** Whether the pipe is bound and not known to be lost. A snapshot. */
    public boolean isConnected() {
        return router.isConnected();
    }

    /** Closes the pipe; requests not yet dispatched are dropped. Idempotent. */
    @Override
    public void close() {
        router.close(null, null);
    }

    /** Closes the pipe after telling the client why: its disconnect handler gets the reason. */
    public void closeWithReason(int customReason, String description) {
        router.close(customReason, Objects.requireNonNull(description, "description"));
    }
}
