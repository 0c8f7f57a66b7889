package org.jmojo.bindings;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jmojo.bindings.internal.router.Connection;
import org.jmojo.bindings.internal.router.Router;
import org.jmojo.bindings.internal.router.SerialQueue;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.InterfaceBinding;

/**
 * The client end of an interface: makes calls to the implementation at the other end of a pipe.
 * {@link #get()} is a proxy implementing {@code I}: a method without a response sends its request
 * and returns; a method with one returns a {@link CompletableFuture} of the response; a
 * {@code [Sync]} method also has a blocking form.
 *
 * <p><b>Ownership.</b> {@link #bind} takes the endpoint out of the {@link PendingRemote}; the remote
 * owns it until {@link #close()}, {@link #closeWithReason} or a disconnection, which close it.
 *
 * <p><b>Threads.</b> Every method, and every method of the proxy, may be called from any thread.
 * Responses are read on a virtual thread of the bindings and complete their futures on the remote's
 * callback executor (by default its own serial virtual-thread executor): in the order the responses
 * arrived, never on the reading thread. The disconnect handler runs there too, after every response
 * that arrived before the disconnection. With {@link Options#withDirectCallbacks() direct callbacks}
 * the pipe is read, and the futures completed, on the thread that wrote the response, with no
 * hand-off (see {@link DispatchSequence#direct()} for the rules). While the peer is in another process, a platform
 * thread blocked on a response reads the pipe itself instead ({@link Reads}, {@link Options#reads()}). A blocking
 * {@code [Sync]} call blocks its caller; while it
 * waits, that thread still serves incoming sync requests for the receivers it is dispatching for, so
 * services that call each other synchronously do not deadlock.
 *
 * <p><b>Flow control.</b> A remote bounds the calls in flight that wait for a response
 * ({@link Options#maxInFlight()}, {@value Options#DEFAULT_MAX_IN_FLIGHT} by default). At the bound, a
 * call waits for a slot ({@link Overflow#WAIT}, the default) or fails at once with
 * {@link BindingException.Failure#TOO_MANY_IN_FLIGHT} ({@link Overflow#FAIL_FAST}). Do not let
 * a callback of this remote wait for a slot of the same remote. Calls without a response are not
 * counted: they cannot be told apart from a slow peer.
 *
 * <p><b>Deadlines.</b> {@link #withDeadline} gives a proxy whose calls fail with
 * {@link BindingException.Failure#DEADLINE_EXCEEDED} when the deadline passes; the implementation is
 * sent a cancellation ({@link CallContext#cancellation()}) unless {@link Options#sendCancellations()}
 * is off (turn it off for a Chromium peer, docs/wire-format.md §14.1).
 *
 * @param <I> the generated interface
 */
public final class Remote<I> implements AutoCloseable {

    /** What a call does when the remote already has its maximum of calls in flight. */
    public enum Overflow {
        /** Block the caller until a call in flight completes (uninterruptibly). */
        WAIT,
        /** Fail the call at once with {@link BindingException.Failure#TOO_MANY_IN_FLIGHT}. */
        FAIL_FAST
    }

    /**
     * Who reads the responses of a remote whose caller blocks on them ({@link Options#reads()}).
     *
     * <p>{@link #WATCHER}: the remote's pipe watcher reads each response on a reader thread, and the remote's
     * callback thread completes the future, which wakes the blocked caller (a blocking {@code [Sync]} call is
     * woken by the reader). {@link #CALLER}: a platform thread blocked on this remote (in {@code get}/{@code join}
     * of a call's future, or in a blocking {@code [Sync]} call) stops the watcher, waits on the pipe itself and
     * reads and routes what arrives, so the response goes from the socket to the caller with no thread hand-off
     * (docs/performance.md §5.3, §5.4): worth it when the peer is in another process, a loss in one process, where
     * hand-offs are cheap and pausing the watcher is not. {@link #AUTO}, the default: {@code CALLER} for a call's
     * future while the pipe's peer is in another process ({@link org.jmojo.system.Signals#PEER_REMOTE}),
     * {@code WATCHER} while it is in this one; asked again at every blocking wait (one signals query), so a peer
     * that moves to another process after the remote was bound, or back, changes the mode from the next wait on.
     * {@code AUTO} leaves blocking {@code [Sync]} calls to the watcher: only {@code CALLER} makes them read on the
     * caller (between processes that path is not yet measured to gain, and one benchmark run hung in it once, not yet
     * diagnosed: keep {@code AUTO} for {@code [Sync]} calls between processes, see docs/performance.md §5.4).
     *
     * <p>Whoever reads, the guarantees are the same: responses are routed one at a time in the pipe's order, a
     * {@code [Sync]} call still serves the sync requests that may re-enter it (and a {@code [NoInterrupt]} one
     * none), and the futures' callbacks run in order. Caller reads never apply to a virtual thread (it waits as
     * before), nor to a remote with direct callbacks ({@link Options#withDirectCallbacks()}: its pipe is read by
     * whichever thread delivers the response, see there); an async future reads on its caller only with the
     * remote's own callback executor (a user's executor keeps every callback).
     */
    public enum Reads {
        /** Caller reads while the peer is in another process, the watcher otherwise; the default. */
        AUTO,
        /** A blocked platform caller always reads the pipe itself. */
        CALLER,
        /** The watcher always reads; the blocked caller is woken (the behaviour before caller reads). */
        WATCHER
    }

    /**
     * How a remote behaves.
     *
     * @param maxInFlight the most calls with a response in flight at once, at least 1
     * @param overflow what a call does at the bound
     * @param syncTimeout how long a blocking {@code [Sync]} call waits for its response; null: for ever
     * @param callbackExecutor where futures complete and the disconnect handler runs, in order; null: a
     *     serial virtual-thread executor of this remote's own
     * @param sendCancellations whether a call whose deadline passes tells the implementation
     * @param reads who reads the responses a caller blocks on ({@link Reads})
     */
    public record Options(int maxInFlight, Overflow overflow, Duration syncTimeout, Executor callbackExecutor,
            boolean sendCancellations, Reads reads) {

        /** The default bound on calls in flight: generous for any sane use, small enough to stop a runaway queue. */
        public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

        /**
         * @throws IllegalArgumentException if {@code maxInFlight} is below 1 or {@code syncTimeout} is not positive
         */
        public Options {
            Objects.requireNonNull(overflow, "overflow");
            Objects.requireNonNull(reads, "reads");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
            }
            if (syncTimeout != null && (syncTimeout.isNegative() || syncTimeout.isZero())) {
                throw new IllegalArgumentException("syncTimeout must be positive: " + syncTimeout);
            }
        }

        /** These options with {@link Reads#AUTO} (the options of the releases before {@link Reads}). */
        public Options(int maxInFlight, Overflow overflow, Duration syncTimeout, Executor callbackExecutor,
                boolean sendCancellations) {
            this(maxInFlight, overflow, syncTimeout, callbackExecutor, sendCancellations, Reads.AUTO);
        }

        /**
         * The defaults: {@value #DEFAULT_MAX_IN_FLIGHT} in flight, wait at the bound, no sync timeout, own executor,
         * cancellations on, {@link Reads#AUTO}.
         */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_IN_FLIGHT, Overflow.WAIT, null, null, true, Reads.AUTO);
        }

        /**
         * These options with caller reads forced ({@link Reads#CALLER}): a platform thread that blocks on this remote
         * (a future's {@code get} or {@code join}, also on the futures the generated proxy derives from it, or a
         * blocking {@code [Sync]} call) reads the pipe itself, wherever the peer is. A blocked future's caller also
         * runs this remote's queued callbacks, in order (only with this remote's own callback executor).
         */
        public Options withCallerReads() {
            return withReads(Reads.CALLER);
        }

        /** These options with the watcher always reading ({@link Reads#WATCHER}), wherever the peer is. */
        public Options withWatcherReads() {
            return withReads(Reads.WATCHER);
        }

        /** These options with {@code mode} of reading responses. */
        public Options withReads(Reads mode) {
            return new Options(maxInFlight, overflow, syncTimeout, callbackExecutor, sendCancellations, mode);
        }

        /** These options with another bound and overflow behaviour. */
        public Options withMaxInFlight(int max, Overflow atBound) {
            return new Options(max, atBound, syncTimeout, callbackExecutor, sendCancellations, reads);
        }

        /** These options with a sync-call timeout. */
        public Options withSyncTimeout(Duration timeout) {
            return new Options(maxInFlight, overflow, timeout, callbackExecutor, sendCancellations, reads);
        }

        /**
         * These options with direct callbacks ({@link DispatchSequence#directExecutor()}): responses are
         * read and their futures completed on the thread that wrote the response (in one process, the
         * implementation's thread; with a direct receiver, the caller's own thread inside the call), or
         * on the bindings' timer thread for a deadline. Continuations of the futures then run there:
         * they must not block, as with any direct executor ({@link DispatchSequence#direct()}). Against
         * a direct receiver in the same process the future is usually complete when the proxy call
         * returns, so a continuation attached afterwards runs at once, in the caller's frame: a
         * sequence of calls each made from the continuation of the one before recurses on the
         * caller's stack; make such calls in a loop instead.
         */
        public Options withDirectCallbacks() {
            return withCallbackExecutor(DispatchSequence.directExecutor());
        }

        /** These options with a callback executor. */
        public Options withCallbackExecutor(Executor executor) {
            return new Options(maxInFlight, overflow, syncTimeout, executor, sendCancellations, reads);
        }

        /** These options with cancellation messages on or off. */
        public Options withSendCancellations(boolean send) {
            return new Options(maxInFlight, overflow, syncTimeout, callbackExecutor, send, reads);
        }
    }

    private final InterfaceDescriptor<I> descriptor;
    private final Router<I> router;
    private final I proxy;
    private final InterfaceBinding<I> binding;

    private Remote(InterfaceDescriptor<I> descriptor, InterfaceBinding<I> binding, Router<I> router) {
        this.descriptor = descriptor;
        this.binding = binding;
        this.router = router;
        this.proxy = binding.proxy(router);
    }

    /** {@link #bind(PendingRemote, Options)} with {@link Options#defaults()}. */
    public static <I> Remote<I> bind(PendingRemote<I> pending) {
        return bind(pending, Options.defaults());
    }

    /**
     * Binds {@code pending}: takes its endpoint and starts reading responses.
     *
     * @throws org.jmojo.system.InvalidHandleException if {@code pending} no longer owns an endpoint
     * @throws IllegalArgumentException if its interface has no generated binding
     */
    public static <I> Remote<I> bind(PendingRemote<I> pending, Options options) {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(options, "options");
        InterfaceBinding<I> binding = Codecs.binding(pending.descriptor().type());
        Executor executor = options.callbackExecutor() != null ? options.callbackExecutor()
                : Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                        .name("jmojo-remote-" + pending.descriptor().name() + "-", 0).factory());
        int version = pending.version();
        Router<I> router = Router.client(binding, pending.passEndpoint(), version, executor,
                options.reads(), options.callbackExecutor() == null, options.maxInFlight(),
                options.overflow(), options.syncTimeout(), options.sendCancellations());
        return new Remote<>(pending.descriptor(), binding, router);
    }

    /**
     * Binds {@code pending}, an associated remote received on a pipe or made by
     * {@link #newAssociatedPair}, with {@link Options#defaults()}: its calls travel on that pipe,
     * and its futures complete on the queue of the pipe's primary binding, in one order with it.
     *
     * @throws IllegalArgumentException if {@code pending} belongs to no pipe (built by hand)
     * @throws IllegalStateException if it is closed, already bound, or was sent
     */
    public static <I> Remote<I> bind(PendingAssociatedRemote<I> pending) {
        return bind(pending, Options.defaults());
    }

    /**
     * {@link #bind(PendingAssociatedRemote)} with {@code options}; with a callback executor in the
     * options its futures complete there instead (then in no fixed order with the primary binding).
     */
    public static <I> Remote<I> bind(PendingAssociatedRemote<I> pending, Options options) {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(options, "options");
        Connection connection = pending.connection();
        if (connection == null) {
            throw new IllegalArgumentException(pending + " belongs to no pipe: bind an associated remote that was "
                    + "received in a message or made by newAssociatedPair");
        }
        InterfaceBinding<I> binding = Codecs.binding(pending.descriptor().type());
        SerialQueue queue = options.callbackExecutor() != null ? new SerialQueue(options.callbackExecutor())
                : connection.defaultQueue();
        Router<I> router = Router.client(binding, connection, pending.interfaceId(), pending.end(), pending.version(), queue,
                options.maxInFlight(), options.overflow(), options.syncTimeout(), options.sendCancellations());
        return new Remote<>(pending.descriptor(), binding, router);
    }

    /**
     * A new associated interface on this remote's pipe: send one end in a message of this remote (or
     * of any interface on its pipe) and bind the other here.
     *
     * On a closed pipe the pair is born disconnected (binding an end gives a binding whose peer is gone).
     */
    public <X> AssociatedPair<X> newAssociatedPair(InterfaceDescriptor<X> descriptor) {
        return AssociatedPair.mint(router.connection(), descriptor);
    }

    /** The proxy: calls on it go to the implementation. */
    public I get() {
        return proxy;
    }

    /**
     * A proxy whose calls carry a deadline {@code timeout} after each call starts.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public I withDeadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return binding.proxy(router.withDeadline(timeout));
    }

    /** The interface. */
    public InterfaceDescriptor<I> descriptor() {
        return descriptor;
    }

    /**
     * The version of the interface the implementation has, as far as known: from the pending remote,
     * raised by {@link #queryVersion()} and {@link #requireVersion(int)}.
     */
    public int version() {
        return router.peerVersion();
    }

    /** Asks the implementation its version (interface control {@code Run(QueryVersion)}). */
    public CompletableFuture<Integer> queryVersion() {
        return router.queryVersion();
    }

    /**
     * Tells the implementation that this client needs at least {@code version}; an older
     * implementation closes the pipe, and this remote's disconnect handler runs. No round trip.
     */
    public void requireVersion(int version) {
        router.requireVersion(version);
    }

    /** Completes once the implementation has dispatched every request sent before it. */
    public CompletableFuture<Void> flush() {
        return router.flush();
    }

    /** Sets the handler that gets the reason when the pipe is lost (not when this remote is closed). */
    public void setDisconnectHandler(Consumer<DisconnectReason> handler) {
        router.setDisconnectHandler(handler);
    }

    /**
     * Adds an interceptor that sees the calls that start after this returns (see {@link Interceptor}
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

    /** Calls with a response in flight now. A snapshot. */
    public int inFlight() {
        return router.inFlight();
    }

    /** The bound on {@link #inFlight()}. */
    public int maxInFlight() {
        return router.maxInFlight();
    }

    /** Closes the pipe; calls in flight fail with {@link BindingException.Failure#CLOSED}. Idempotent. */
    @Override
    public void close() {
        router.close(null, null);
    }

    /** Closes the pipe after telling the implementation why: its disconnect handler gets the reason. */
    public void closeWithReason(int customReason, String description) {
        router.close(customReason, Objects.requireNonNull(description, "description"));
    }
}
