package org.jmojo.bindings.internal.router;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jmojo.bindings.BindingException;
import org.jmojo.bindings.BindingException.Failure;
import org.jmojo.bindings.CallContext;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.Interceptor;
import org.jmojo.bindings.Remote.Overflow;
import org.jmojo.bindings.Remote.Reads;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodCaller;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * One bound end of one interface on a message pipe: the client side of a
 * {@link org.jmojo.bindings.Remote} or the implementation side of a
 * {@link org.jmojo.bindings.Receiver}, for the pipe's primary interface (ID 0) or an associated one
 * (docs/architecture.md §6, docs/concurrency.md "Bindings").
 *
 * <p><b>Reading.</b> The pipe's {@link Connection} reads it, validates each header and hands the
 * messages for this interface to {@link #accept} on its reading thread, which never blocks: every
 * message is validated there (the method and flags, then the payload through the binding's
 * generated validating decoder), and only then queued for user code. The first invalid message
 * closes the whole pipe (every interface on it), tells the peer why and counts the reason
 * ({@link BadMessageCounters}).
 *
 * <p><b>Client side.</b> Requests get ids from 1 up; {@link #pending} maps each id in flight to its
 * call. A response must match an id in flight and the method of its request; anything else is a
 * protocol error. Responses complete their futures on {@link #callbacks}, the remote's serial
 * callback queue, so a continuation never runs on the reading thread; a blocking sync call is woken
 * directly. {@link #inFlightPermits} bounds the calls in flight.
 *
 * <p><b>Implementation side.</b> Requests run in order on {@link #callbacks}, the receiver's serial
 * dispatch queue on its executor; {@link #running} holds requests whose response is not sent, for
 * cancellation.
 *
 * <p><b>Locks.</b> {@link #lock} guards the fields marked so; it is never held while calling user
 * code, the executor or a Mojo write. It ranks above nothing in the bindings: a thread holding it
 * takes no other lock of the bindings, only core locks inside Mojo calls (none are made under it).
 *
 * @param <I> the generated interface
 */
public final class Router<I> implements MethodCaller {

    /**
     * What this thread is dispatching: the dispatch queues whose tasks it runs, innermost last (for sync
     * re-entrancy), and the request whose implementation method runs now (for {@link CallContext#current()}).
     * One thread-local for both: binding a {@code ScopedValue} per dispatch allocated a carrier and a snapshot
     * per request (3.8 % of a direct-path call, docs/performance.md §5.3). Only its own thread touches it.
     */
    private static final class Dispatching {
        final ArrayDeque<SerialQueue> queues = new ArrayDeque<>();
        /** The request whose implementation method (or interceptor) runs on this thread now; null outside one. */
        Router<?>.ServedCall current;
    }

    private static final ThreadLocal<Dispatching> DISPATCHING = ThreadLocal.withInitial(Dispatching::new);

    /** The request being dispatched on this thread, for {@link CallContext#current()}; null if none is. */
    public static CallContext currentCall() {
        return DISPATCHING.get().current;
    }

    /** Fires call deadlines; one daemon platform thread, which only fails futures and writes cancel messages. */
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jmojo-bindings-timer");
        t.setDaemon(true);
        return t;
    });

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    /** Messages read per watcher turn before the reader yields to other pipes. */
    static final int READ_BUDGET = 64;
    /** How many cancelled request ids a client remembers, so that a late response to one is dropped quietly. */
    static final int CANCELLED_IDS_KEPT = 4096;

    /** Client or implementation side. */
    public enum Side { CLIENT, IMPLEMENTATION }

    private final Side side;
    private final InterfaceBinding<I> binding;
    /** The pipe, shared with the other interfaces multiplexed on it. */
    private final Connection connection;
    /** This interface's ID on the pipe: 0 for the primary interface. */
    private final int interfaceId;
    /** Receiver: the dispatch queue. Remote: the callback queue. */
    private final SerialQueue callbacks;
    /** The implementation (implementation side only). */
    private final I implementation;
    /** The version of the interface the implementation side implements. */
    private final int localVersion;

    // Client configuration.
    private final Semaphore inFlightPermits;
    private final int maxInFlight;
    private final Overflow overflow;
    private final Duration syncTimeout;
    private final boolean sendCancellations;
    /**
     * Client: who reads the responses a platform caller blocks on ({@link Reads}); {@code WATCHER} but for a primary
     * remote that is not direct. Written once, before the router is published.
     */
    private Reads reads = Reads.WATCHER;
    /**
     * Client: the callbacks run on the remote's own executor, so a platform thread blocked on a call's future may
     * run them itself ({@link CallerReadFuture}). Written once, before the router is published.
     */
    private boolean ownCallbacks;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: no longer reading; set once. */
    private boolean closed;
    /**
     * Guarded by {@link #lock}: closed by this side (an error or the owner's close), so queued
     * dispatches are dropped; after the peer closed they still run, as they arrived before.
     */
    private boolean dropQueued;
    /** Guarded by {@link #lock}: the reason the peer sent before closing, if any. */
    private DisconnectReason peerReason;
    /** Guarded by {@link #lock}. */
    private Consumer<DisconnectReason> disconnectHandler;
    /** Guarded by {@link #lock}: run once when the binding ends. */
    private final List<Runnable> endListeners = new ArrayList<>(0);
    /** The interceptors, in the order added; copy-on-write, read without the lock. */
    private final List<Interceptor> interceptors = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The owner's object for this binding (a receiver set's context); written before use, read by dispatch. */
    private volatile Object context;
    /** Guarded by {@link #lock}: the next request id; ids start at 1 and skip 0 on wrap. */
    private long nextRequestId = 1;
    /** Guarded by {@link #lock} (client): calls in flight by request id. */
    private final LongMap<PendingCall> pending = new LongMap<>();
    /** Guarded by {@link #lock} (client): ids of calls given up, oldest first, at most {@link #CANCELLED_IDS_KEPT}. */
    private final LinkedHashSet<Long> cancelledIds = new LinkedHashSet<>();
    /** Guarded by {@link #lock} (implementation): requests with a response not sent yet, by request id. */
    private final LongMap<ServedCall> running = new LongMap<>();
    /** The version the peer implements, as far as known (client); only grows. */
    private final java.util.concurrent.atomic.AtomicInteger peerVersion = new java.util.concurrent.atomic.AtomicInteger();

    private Router(Side side, InterfaceBinding<I> binding, Connection connection, int interfaceId,
            SerialQueue callbacks, I implementation, int peerVersion, int maxInFlight, Overflow overflow,
            Duration syncTimeout, boolean sendCancellations) {
        this.side = side;
        this.binding = Objects.requireNonNull(binding, "binding");
        this.connection = connection;
        this.interfaceId = interfaceId;
        this.callbacks = callbacks;
        this.implementation = implementation;
        this.localVersion = binding.schema().version();
        this.peerVersion.set(peerVersion);
        this.maxInFlight = maxInFlight;
        this.inFlightPermits = new Semaphore(maxInFlight);
        this.overflow = overflow;
        this.syncTimeout = syncTimeout;
        this.sendCancellations = sendCancellations;
    }

    /**
     * A client router for the primary interface of {@code endpoint}, reading at once. A platform thread blocked on
     * it reads the pipe itself as {@code reads} says ({@link #readsOnCaller()}), never on a direct queue; with
     * {@code ownCallbacks} (the remote made {@code callbackExecutor} for itself, so no user code relies on the thread
     * its callbacks run on) one blocked on a call's future also runs the callbacks itself ({@link CallerReadFuture}).
     */
    public static <I> Router<I> client(InterfaceBinding<I> binding, MessagePipeEndpoint endpoint, int peerVersion,
            Executor callbackExecutor, Reads reads, boolean ownCallbacks, int maxInFlight, Overflow overflow,
            Duration syncTimeout, boolean sendCancellations) {
        SerialQueue queue = new SerialQueue(callbackExecutor);
        Connection connection = Connection.open(endpoint, Side.CLIENT, queue);
        Router<I> r = client(binding, connection, 0, null, peerVersion, queue, maxInFlight, overflow, syncTimeout,
                sendCancellations);
        r.reads = queue.isDirect() ? Reads.WATCHER : Objects.requireNonNull(reads, "reads");
        r.ownCallbacks = ownCallbacks;
        connection.start();
        return r;
    }

    /**
     * Whether a platform thread blocking on a future of this remote now reads its pipe itself: always
     * ({@code CALLER}), never ({@code WATCHER}), or while the pipe's peer is in another process ({@code AUTO}, asked
     * at every wait). A blocking {@code [Sync]} call reads on its caller only with {@code CALLER}.
     */
    boolean readsOnCaller() {
        return switch (reads) {
            case CALLER -> true;
            case WATCHER -> false;
            case AUTO -> connection.peerIsRemote();
        };
    }

    /**
     * A client router for interface {@code interfaceId} of {@code connection}, bound from the pending
     * end {@code end}; its futures complete on {@code callbacks}.
     *
     * @throws IllegalStateException if {@code end} is closed, already bound, or was sent
     */
    public static <I> Router<I> client(InterfaceBinding<I> binding, Connection connection, int interfaceId,
            Connection.End end, int peerVersion, SerialQueue callbacks, int maxInFlight, Overflow overflow,
            Duration syncTimeout, boolean sendCancellations) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        Router<I> r = new Router<>(Side.CLIENT, binding, connection, interfaceId, callbacks, null, peerVersion,
                maxInFlight, Objects.requireNonNull(overflow, "overflow"), syncTimeout, sendCancellations);
        connection.attach(r, end);
        return r;
    }

    /** An implementation router for the primary interface of {@code endpoint}, reading at once. */
    public static <I> Router<I> implementation(InterfaceBinding<I> binding, MessagePipeEndpoint endpoint,
            I implementation, SerialQueue sequence) {
        Connection connection = Connection.open(endpoint, Side.IMPLEMENTATION, sequence);
        Router<I> r = implementation(binding, connection, 0, null, implementation, sequence);
        connection.start();
        return r;
    }

    /**
     * An implementation router for interface {@code interfaceId} of {@code connection}, bound from the
     * pending end {@code end}, dispatching on {@code sequence}.
     *
     * @throws IllegalStateException if {@code end} is closed, already bound, or was sent
     */
    public static <I> Router<I> implementation(InterfaceBinding<I> binding, Connection connection, int interfaceId,
            Connection.End end, I implementation, SerialQueue sequence) {
        Router<I> r = new Router<>(Side.IMPLEMENTATION, binding, connection, interfaceId, sequence,
                Objects.requireNonNull(implementation, "implementation"), 0, 1, Overflow.FAIL_FAST, null, false);
        connection.attach(r, end);
        return r;
    }

    /** Which side of the interface this router serves. */
    Side side() {
        return side;
    }

    /** This interface's ID on its pipe (0: the primary interface). */
    public int interfaceId() {
        return interfaceId;
    }

    /** The pipe this interface is multiplexed on. */
    public Connection connection() {
        return connection;
    }

    // ---------------------------------------------------------------- state seen by Remote / Receiver

    /** Sets the handler that gets the reason when the pipe is lost; runs on the callback/dispatch queue. */
    public void setDisconnectHandler(Consumer<DisconnectReason> handler) {
        lock.lock();
        try {
            disconnectHandler = handler;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pipe is still bound and not known to be lost. */
    public boolean isConnected() {
        lock.lock();
        try {
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Calls in flight that wait for a response (client). */
    public int inFlight() {
        return maxInFlight - inFlightPermits.availablePermits();
    }

    /** The bound on calls in flight (client). */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** The peer's version as far as known (client). */
    public int peerVersion() {
        return peerVersion.get();
    }

    /** The implementation (implementation side). */
    public I implementation() {
        return implementation;
    }

    /** A caller whose calls carry {@code deadline} (null: none). */
    public MethodCaller withDeadline(Duration deadline) {
        return deadline == null ? this : new DeadlineCaller(deadline);
    }

    // ---------------------------------------------------------------- client: calls

    @Override
    public <P> void send(MethodSchema method, StructCodec<P> paramsCodec, P params) {
        if (method.hasResponse()) {
            throw new IllegalArgumentException(method.name() + " has a response: use call");
        }
        List<Object> carried = new ArrayList<>(0);
        beforeCall(method.name(), params);
        Message m = MessageBuilder.build(interfaceId, method.ordinal(), 0, 0, paramsCodec, params,
                end -> carry(carried, end));
        write(m, carried);
        callDone(method.name(), null, null);
    }

    @Override
    public <P, R> CompletableFuture<R> call(MethodSchema method, StructCodec<P> paramsCodec, P params,
            StructCodec<R> responseCodec) {
        return callWithDeadline(method, paramsCodec, params, responseCodec, null);
    }

    @Override
    public <P, R> R callSync(MethodSchema method, StructCodec<P> paramsCodec, P params, StructCodec<R> responseCodec) {
        return callSyncWithDeadline(method, paramsCodec, params, responseCodec, null);
    }

    private <P, R> CompletableFuture<R> callWithDeadline(MethodSchema method, StructCodec<P> paramsCodec, P params,
            StructCodec<R> responseCodec, Duration deadline) {
        if (!method.hasResponse()) {
            throw new IllegalArgumentException(method.name() + " has no response: use send");
        }
        beforeCall(method.name(), params);
        PendingCall call = new PendingCall(method.name(), method.ordinal(), responseCodec, null,
                reads != Reads.WATCHER && ownCallbacks ? new CallerReadFuture<>(connection, callbacks, this::readsOnCaller)
                        : new CompletableFuture<>());
        if (!interceptors.isEmpty()) {
            call.future.whenComplete((value, failure) -> callDone(method.name(), value, failure));
        }
        if (!acquirePermit(call)) {
            discard(paramsCodec, params);
            return cast(call.future);
        }
        int flags = MessageHeader.FLAG_EXPECTS_RESPONSE | (method.sync() ? MessageHeader.FLAG_IS_SYNC : 0);
        start(call, (id, carried) -> MessageBuilder.build(interfaceId, method.ordinal(), flags, id, paramsCodec,
                params, end -> carry(carried, end)), deadline);
        return cast(call.future);
    }

    private <P, R> R callSyncWithDeadline(MethodSchema method, StructCodec<P> paramsCodec, P params,
            StructCodec<R> responseCodec, Duration deadline) {
        beforeCall(method.name(), params);
        R response;
        try {
            response = blockingCall(method, paramsCodec, params, responseCodec, deadline);
        } catch (RuntimeException e) {
            callDone(method.name(), null, e);
            throw e;
        }
        callDone(method.name(), response, null);
        return response;
    }

    private <P, R> R blockingCall(MethodSchema method, StructCodec<P> paramsCodec, P params,
            StructCodec<R> responseCodec, Duration deadline) {
        if (!method.sync() || !method.hasResponse()) {
            throw new IllegalArgumentException(method.name() + " is not a [Sync] method with a response");
        }
        SyncWaiter waiter = new SyncWaiter();
        PendingCall call = new PendingCall(method.name(), method.ordinal(), responseCodec, waiter);
        if (!acquirePermit(call)) {
            discard(paramsCodec, params);
            return joinSync(call);
        }
        int flags = MessageHeader.FLAG_EXPECTS_RESPONSE | MessageHeader.FLAG_IS_SYNC
                | (method.noInterrupt() ? MessageHeader.FLAG_NO_INTERRUPT : 0);
        long id = start(call, (rid, carried) -> MessageBuilder.build(interfaceId, method.ordinal(), flags, rid,
                paramsCodec, params, end -> carry(carried, end)), deadline);
        // Only the queues this thread is dispatching for may re-enter it, and never a [NoInterrupt] call.
        List<SerialQueue> served = method.noInterrupt() ? List.of() : List.copyOf(DISPATCHING.get().queues);
        for (SerialQueue q : served) {
            q.addWaiter(waiter);
        }
        long timeoutNanos = syncTimeout == null ? Long.MAX_VALUE : syncTimeout.toNanos();
        long until = System.nanoTime() + timeoutNanos;
        // Caller reads: this thread waits on the pipe and routes the response itself instead of being woken by the
        // watcher's reader; only when forced (Reads.CALLER: AUTO leaves sync calls to the watcher, docs/performance.md
        // §5.4). Virtual threads wait as before.
        boolean mayRead = !Thread.currentThread().isVirtual() && reads == Reads.CALLER;
        boolean reading = false;
        try {
            while (!call.future.isDone()) {
                long seen = waiter.events();
                SerialQueue.Task task = null;
                for (SerialQueue q : served) {
                    task = q.pollSync();
                    if (task != null) {
                        break;
                    }
                }
                if (task != null) {
                    if (reading) {
                        // The nested request is user code, which may block on this pipe: the watcher reads meanwhile.
                        reading = false;
                        connection.unpauseWatcher();
                    }
                    SerialQueue.run(task);
                    continue;
                }
                long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : until - System.nanoTime();
                if (left <= 0) {
                    giveUp(id, new BindingException(Failure.SYNC_TIMEOUT, method.name() + ": no response within the "
                            + "sync-call timeout of " + syncTimeout, null));
                    break;
                }
                if (mayRead && !reading) {
                    reading = connection.pauseForCaller(); // false: another caller reads, or reading is paused
                }
                if (reading) {
                    // Routing the response completes the call and wakes the waiter; a sync request queued for a
                    // served queue meanwhile wakes it too, and is seen at the latest after one wait slice.
                    if (connection.readOnce(() -> waiter.events() == seen, left) == Connection.ReadOutcome.STOPPED) {
                        reading = false;
                        mayRead = false;
                        connection.unpauseWatcher();
                    }
                    continue;
                }
                waiter.await(seen, left);
            }
        } finally {
            if (reading) {
                connection.unpauseWatcher();
            }
            for (SerialQueue q : served) {
                q.removeWaiter(waiter);
            }
        }
        return joinSync(call);
    }

    /** The outcome of a completed sync call; a failure is rethrown as a new exception with this thread's stack. */
    private static <R> R joinSync(PendingCall call) {
        try {
            return cast(call.future.join());
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof BindingException b) {
                throw new BindingException(b.failure(), b.getMessage(), b.disconnectReason().orElse(null));
            }
            throw e;
        }
    }

    /** Queries the peer's version with {@code Run(QueryVersion)}; also updates {@link #peerVersion()}. */
    public CompletableFuture<Integer> queryVersion() {
        PendingCall call = new PendingCall("Run(QueryVersion)", MessageHeader.RUN_MESSAGE_ID, null, null);
        start(call, (id, carried) -> ControlMessages.queryVersion(interfaceId, id), null);
        return cast(call.future);
    }

    /** A round trip that completes after the implementation dispatched every earlier request. */
    public CompletableFuture<Void> flush() {
        PendingCall call = new PendingCall("Run(FlushForTesting)", MessageHeader.RUN_MESSAGE_ID, null, null);
        start(call, (id, carried) -> ControlMessages.flush(interfaceId, id), null);
        return call.future.thenApply(ignored -> null);
    }

    /** Sends {@code RunOrClosePipe(RequireVersion)}: the implementation closes the pipe if it is older. */
    public void requireVersion(int version) {
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
        peerVersion.accumulateAndGet(version, Math::max);
        write(ControlMessages.requireVersion(interfaceId, version));
    }

    private boolean acquirePermit(PendingCall call) {
        if (overflow == Overflow.FAIL_FAST) {
            if (!inFlightPermits.tryAcquire()) {
                call.future.completeExceptionally(new BindingException(Failure.TOO_MANY_IN_FLIGHT, call.methodName
                        + ": " + maxInFlight + " calls are in flight already, the bound of this remote", null));
                return false;
            }
        } else {
            inFlightPermits.acquireUninterruptibly();
        }
        call.holdsPermit = true;
        return true;
    }

    /** Registers {@code call} under a fresh id, writes its request and arms its deadline; returns the id. */
    /** Builds the request of a call with the given id, adding the associated ends it carries to the list. */
    @FunctionalInterface
    private interface RequestBuilder {
        Message build(long requestId, List<Object> carried);
    }

    private long start(PendingCall call, RequestBuilder request, Duration deadline) {
        long id;
        lock.lock();
        try {
            if (closed) {
                id = 0;
            } else {
                id = nextRequestId++;
                if (nextRequestId == 0) {
                    nextRequestId = 1;
                }
                pending.put(id, call);
            }
        } finally {
            lock.unlock();
        }
        if (id == 0) {
            // The binding is closed: the request is dropped, and the handles its parameters carry with it.
            try {
                request.build(0, new ArrayList<>(0)).closeHandles();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "a dropped request could not be encoded to close its handles", e);
            }
            finish(call, null, disconnected(call.methodName));
            return 0;
        }
        List<Object> carried = new ArrayList<>(0);
        Message built;
        try {
            built = request.build(id, carried);
        } catch (RuntimeException e) {
            PendingCall removed = remove(id, false);
            if (removed != null && removed.holdsPermit) {
                removed.holdsPermit = false;
                inFlightPermits.release();
            }
            throw e;
        }
        if (!write(built, carried)) {
            PendingCall removed = remove(id, false);
            if (removed != null) {
                finish(removed, null, disconnected(call.methodName));
            }
            return id;
        }
        if (deadline != null) {
            call.deadlineTask = TIMERS.schedule(() -> giveUp(id, new BindingException(Failure.DEADLINE_EXCEEDED,
                    call.methodName + ": deadline of " + deadline + " passed; the implementation was told to cancel",
                    null)), deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        return id;
    }

    /** Gives up call {@code id} (deadline or sync timeout): fails it and tells the implementation. */
    private void giveUp(long id, BindingException why) {
        PendingCall call = remove(id, true);
        if (call == null) {
            return;
        }
        if (sendCancellations) {
            write(ControlMessages.cancelRequest(interfaceId, id));
        }
        finish(call, null, why);
    }

    private PendingCall remove(long id, boolean rememberCancelled) {
        lock.lock();
        try {
            PendingCall call = pending.remove(id);
            if (call != null && rememberCancelled) {
                cancelledIds.add(id);
                if (cancelledIds.size() > CANCELLED_IDS_KEPT) {
                    cancelledIds.removeFirst();
                }
            }
            return call;
        } finally {
            lock.unlock();
        }
    }

    /** Completes a call taken out of {@link #pending}: releases its permit and completes its future off the reader. */
    private void finish(PendingCall call, Object value, Throwable failure) {
        if (call.holdsPermit) {
            call.holdsPermit = false;
            inFlightPermits.release();
        }
        if (call.deadlineTask != null) {
            call.deadlineTask.cancel(false);
        }
        if (call.waiter != null) {
            complete(call.future, value, failure);
            call.waiter.wake();
        } else {
            callbacks.submit(new SerialQueue.Task(false, () -> complete(call.future, value, failure)));
        }
    }

    private static void complete(CompletableFuture<Object> future, Object value, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(value);
        }
    }

    /** The reason the peer gave, or "closed without a reason". */
    private DisconnectReason currentPeerReason() {
        lock.lock();
        try {
            return peerReason != null ? peerReason : DisconnectReason.peerClosed();
        } finally {
            lock.unlock();
        }
    }

    private BindingException disconnected(String method) {
        DisconnectReason reason = currentPeerReason();
        return new BindingException(Failure.DISCONNECTED, method + ": the pipe is disconnected (" + reason + ")",
                reason);
    }

    /** Writes {@code m}; false if the pipe is closed or the write was refused. */
    private boolean write(Message m) {
        return write(m, List.of());
    }

    /** Writes {@code m}, which carries the associated ends {@code carried}. */
    private boolean write(Message m, List<Object> carried) {
        return connection.write(interfaceId, m, carried);
    }

    /** The interface ID to write for the associated end {@code end}, which the message being built carries. */
    private int carry(List<Object> carried, Object end) {
        int id = switch (end) {
            case org.jmojo.bindings.PendingAssociatedRemote<?> r -> r.interfaceId();
            case org.jmojo.bindings.PendingAssociatedReceiver<?> r -> r.interfaceId();
            default -> throw new IllegalArgumentException("not an associated endpoint: " + end);
        };
        Connection.End token = Connection.endOf(end);
        connection.idToSend(token, end);
        carried.add(token);
        return id;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Handles one message for this interface, whose header the connection validated; runs on the
     * reading thread. A validation error is thrown to the connection, which closes the pipe.
     */
    void accept(Message m, MemorySegment bytes, MessageHeader header) throws ValidationException {
        if (header.isControlMessage()) {
            acceptControl(m, bytes, header);
        } else if (side == Side.IMPLEMENTATION) {
            acceptRequest(m, bytes, header);
        } else {
            acceptResponse(m, bytes, header);
        }
    }

    private void acceptRequest(Message m, MemorySegment bytes, MessageHeader header) throws ValidationException {
        MethodSchema method = Validator.requestMethod(header, binding.schema());
        Object params = connection.decodeScoped(header, m,
                () -> binding.decodeRequest(method, bytes, header, m.handles()));
        boolean sync = (header.flags() & MessageHeader.FLAG_IS_SYNC) != 0;
        ServedCall call = new ServedCall(method, header.expectsResponse() ? header.requestId() : 0, sync);
        if (header.expectsResponse()) {
            lock.lock();
            try {
                if (running.putIfAbsent(call.requestId, call) != null) {
                    call = null;
                }
            } finally {
                lock.unlock();
            }
            if (call == null) {
                closeAll(m.handles()); // the decoded parameters holding them go nowhere
                fail(Kind.PROTOCOL_ERROR, "request id " + header.requestId() + " reused while its call is in flight");
                return;
            }
        }
        ServedCall served = call;
        callbacks.submit(new SerialQueue.Task(sync, () -> dispatch(served, params, m.handles())));
    }

    /** Whether this side ended the binding (an error, a rejection, or its owner closed it), so queued work is dropped. */
    private boolean dropping() {
        lock.lock();
        try {
            return dropQueued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a request on the dispatch queue; {@code handles} are the handles it carried, closed here if it
     * is dropped before the implementation gets them (nobody else would: the parameters holding them
     * never leave this method).
     */
    private void dispatch(ServedCall call, Object params, List<Handle> handles) {
        if (dropping()) {
            closeAll(handles);
            return;
        }
        Dispatching here = DISPATCHING.get();
        here.queues.addLast(callbacks);
        Router<?>.ServedCall outer = here.current; // a sync call waiting on this thread may serve a nested request
        here.current = call;
        InterfaceBinding.Response<?> response;
        try {
            for (Interceptor i : interceptors) {
                i.onRequest(call, params);
            }
            if (dropping()) {
                closeAll(handles);
                response = null; // an interceptor rejected the request, or the pipe failed meanwhile
            } else {
                response = binding.invoke(implementation, call.method, params);
            }
        } catch (RuntimeException e) {
            implementationFailed(call, e);
            return;
        } finally {
            here.current = outer;
            here.queues.removeLast();
        }
        if (response == null && dropping()) {
            return;
        }
        if (call.requestId == 0) {
            requestDone(call, null, null);
        } else {
            if (response == null) {
                implementationFailed(call, new IllegalStateException("the binding returned no response"));
                return;
            }
            respondWhenDone(call, response);
        }
    }

    private static void closeAll(List<Handle> handles) {
        for (Handle h : handles) {
            h.close();
        }
    }

    private <R> void respondWhenDone(ServedCall call, InterfaceBinding.Response<R> response) {
        response.value().whenComplete((value, failure) -> {
            lock.lock();
            boolean send;
            try {
                send = running.remove(call.requestId) == call && !call.isCancelled() && !closed;
            } finally {
                lock.unlock();
            }
            if (!send) {
                if (failure == null) {
                    discard(response.codec(), value);
                }
                return;
            }
            requestDone(call, value, failure);
            if (failure != null) {
                implementationFailed(call, failure);
                return;
            }
            int flags = MessageHeader.FLAG_IS_RESPONSE | (call.sync ? MessageHeader.FLAG_IS_SYNC : 0);
            List<Object> carried = new ArrayList<>(0);
            Message m;
            try {
                m = MessageBuilder.build(interfaceId, call.method.ordinal(), flags, call.requestId, response.codec(),
                        value, end -> carry(carried, end));
            } catch (RuntimeException e) {
                implementationFailed(call, e);
                return;
            }
            write(m, carried); // a response that cannot be written has its handles closed there
        });
    }

    /**
     * Closes the handles of a message that will not be sent: a response whose call was cancelled or
     * whose pipe closed first (the implementation gave them up when it answered), or a request refused
     * at the in-flight bound (the caller gave them up when it called); nobody else would close them.
     * Encoding takes them out of the value's pending ends; associated ends are left to their cleaner.
     */
    private static <R> void discard(StructCodec<R> codec, R value) {
        try {
            MessageBuilder.build(0, 0, 0, 0, codec, value, end -> 0).closeHandles();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "an unsent response could not be encoded to close its handles", e);
        }
    }

    private void requestDone(ServedCall call, Object response, Throwable failure) {
        for (Interceptor i : interceptors) {
            try {
                i.onRequestDone(call, response, failure);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an interceptor failed in onRequestDone", e);
            }
        }
    }

    private void callDone(String methodName, Object response, Throwable failure) {
        for (Interceptor i : interceptors) {
            try {
                i.onCallDone(methodName, response, failure);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an interceptor failed in onCallDone", e);
            }
        }
    }

    private void beforeCall(String methodName, Object params) {
        for (Interceptor i : interceptors) {
            i.onCall(methodName, params);
        }
    }

    /** Adds an interceptor; it sees the calls or requests that start after this returns. */
    public void addInterceptor(Interceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    }

    /**
     * Adds {@code listener}, run once when this binding ends for any reason: on the closing thread when
     * its owner closed it, else on the callback/dispatch queue after the work queued before the end and
     * before the disconnect handler. For receiver and remote sets and self-owned receivers.
     */
    public void addEndListener(Runnable listener) {
        boolean now;
        lock.lock();
        try {
            now = closed;
            if (!now) {
                endListeners.add(listener);
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            listener.run();
        }
    }

    /** An object the owner attached to this binding (a receiver set's per-receiver context), or null. */
    public Object context() {
        return context;
    }

    /** Attaches {@code value}, read by {@link #context()} and {@link #currentContext()}. */
    public void setContext(Object value) {
        context = value;
    }

    /** The context of the binding whose request this thread is dispatching; null if none is. */
    public static Object currentContext() {
        Router<?>.ServedCall c = DISPATCHING.get().current;
        return c != null ? c.router().context : null;
    }

    private void implementationFailed(ServedCall call, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "implementation of " + call.method.name() + " failed; closing the pipe", e);
        disconnect(new DisconnectReason(Kind.IMPLEMENTATION_FAILED, DisconnectReason.IMPLEMENTATION_FAILED_CODE,
                call.method.name() + " failed: " + e), Ending.ERROR);
    }

    private void acceptResponse(Message m, MemorySegment bytes, MessageHeader header) throws ValidationException {
        MethodSchema method = Validator.responseMethod(header, binding.schema());
        PendingCall call = matchResponse(header);
        if (call == null) {
            connection.decodeScoped(header, m, () -> null); // ends it carries are closed, so the peer learns
            m.closeHandles();
            return;
        }
        if (call.ordinal != method.ordinal()) {
            m.closeHandles();
            finish(call, null, disconnected(call.methodName));
            fail(Kind.PROTOCOL_ERROR, "response to request " + header.requestId() + " is for " + method.name()
                    + ", but that request called " + call.methodName);
            return;
        }
        Object value;
        try {
            value = connection.decodeScoped(header, m,
                    () -> MessageBuilder.decodeParams(bytes, header, m.handles(), call.responseCodec));
        } catch (ValidationException | RuntimeException e) {
            // The call is out of pending already: fail it here, or the pipe's end would leave it waiting for ever.
            finish(call, null, disconnected(call.methodName));
            throw e;
        }
        finish(call, value, null);
    }

    /**
     * The call in flight that a response answers, taken out of {@link #pending}; null if it was given
     * up (the response is dropped) or if there is none (a protocol error, reported here).
     */
    private PendingCall matchResponse(MessageHeader header) {
        long id = header.requestId();
        boolean wasCancelled;
        PendingCall call;
        lock.lock();
        try {
            call = pending.remove(id);
            wasCancelled = call == null && cancelledIds.remove(id);
        } finally {
            lock.unlock();
        }
        if (call == null && !wasCancelled) {
            fail(Kind.PROTOCOL_ERROR, "response to request id " + Long.toUnsignedString(id)
                    + ", which is not in flight");
        }
        return call;
    }

    private void acceptControl(Message m, MemorySegment bytes, MessageHeader header) throws ValidationException {
        if (header.name() == MessageHeader.RUN_MESSAGE_ID) {
            if (side == Side.IMPLEMENTATION) {
                if (!header.expectsResponse()) {
                    throw ValidationException.invalidFlags(Integer.toUnsignedLong(header.flags()),
                            "an interface control Run request must expect a response");
                }
                ValueCodec.UnionValue input = ControlMessages.decode(m, bytes, header, ControlMessages.RUN_PARAMS);
                long id = header.requestId();
                Integer version = input.field().equals("query_version") ? localVersion : null;
                // Queued behind earlier requests, so a flush answers only after they were dispatched.
                callbacks.submit(new SerialQueue.Task(false,
                        () -> write(ControlMessages.runResponse(interfaceId, id, version))));
            } else {
                if (!header.isResponse()) {
                    throw ValidationException.invalidFlags(Integer.toUnsignedLong(header.flags()),
                            "a message read by a remote must be a response");
                }
                ValueCodec.UnionValue output = ControlMessages.decode(m, bytes, header,
                        ControlMessages.RUN_RESPONSE_PARAMS);
                PendingCall call = matchResponse(header);
                if (call == null) {
                    return;
                }
                if (call.ordinal != MessageHeader.RUN_MESSAGE_ID) {
                    finish(call, null, disconnected(call.methodName));
                    fail(Kind.PROTOCOL_ERROR, "response to request " + header.requestId()
                            + " is an interface control reply, but that request called " + call.methodName);
                    return;
                }
                Integer version = null;
                if (output != null && output.value() instanceof Map<?, ?> result) {
                    version = (int) (long) (Long) result.get("version");
                    peerVersion.accumulateAndGet(version, Math::max);
                }
                finish(call, version, null);
            }
        } else {
            ValueCodec.UnionValue input = ControlMessages.decode(m, bytes, header,
                    ControlMessages.RUN_OR_CLOSE_PIPE_PARAMS);
            if (side != Side.IMPLEMENTATION) {
                return; // nothing a remote acts on
            }
            Map<?, ?> value = (Map<?, ?>) input.value();
            switch (input.field()) {
                case "require_version" -> {
                    long required = (Long) value.get("version");
                    if (required > localVersion) {
                        disconnect(new DisconnectReason(Kind.VERSION_UNMET, DisconnectReason.VERSION_UNMET_CODE,
                                "the peer requires version " + required + " of " + binding.schema().name()
                                        + ", this side implements version " + localVersion), Ending.ERROR);
                    }
                }
                case "cancel_request" -> cancelServed((Long) value.get("request_id"));
                default -> { } // idle tracking, acks: this implementation does not track idleness
            }
        }
    }

    private void cancelServed(long requestId) {
        ServedCall call;
        lock.lock();
        try {
            call = running.remove(requestId);
        } finally {
            lock.unlock();
        }
        if (call != null) {
            call.cancel();
        }
    }

    // ---------------------------------------------------------------- closing

    private void fail(Kind kind, String description) {
        BadMessageCounters.record(org.jmojo.bindings.BadMessages.PROTOCOL_ERROR);
        disconnect(new DisconnectReason(kind, DisconnectReason.PROTOCOL_ERROR_CODE, description), Ending.ERROR);
    }

    /** {@link CallContext#reportBadMessage}. */
    void reportBadMessage(String reason) {
        if (!isConnected()) {
            return;
        }
        BadMessageCounters.record(reason);
        disconnect(new DisconnectReason(Kind.BAD_MESSAGE, DisconnectReason.BAD_MESSAGE_CODE, reason), Ending.ERROR);
    }

    /** The peer closed its end of this interface (or the whole pipe), giving {@code reason}. */
    void peerGone(DisconnectReason reason) {
        lock.lock();
        try {
            if (peerReason == null) {
                peerReason = reason;
            }
        } finally {
            lock.unlock();
        }
        disconnect(reason, Ending.PEER_GONE);
    }

    /** Another interface of the pipe failed and the connection closed the pipe. */
    void pipeFailed(DisconnectReason reason) {
        disconnect(reason, Ending.PIPE_FAILED);
    }

    /** Closes this interface by the owner's choice, optionally telling the peer why; no disconnect handler runs. */
    public void close(Integer customReason, String description) {
        disconnect(customReason == null ? null : new DisconnectReason(Kind.PEER_REASON, customReason, description),
                Ending.OWNER_CLOSE);
    }

    /** How a binding ends. */
    private enum Ending {
        /** The owner closed it: the peer is told the reason, if any; no handler; queued work is dropped. */
        OWNER_CLOSE,
        /** The peer closed its end: queued work still runs, then the handler. */
        PEER_GONE,
        /** An error on this interface: the whole pipe closes, the peer is told why, queued work is dropped. */
        ERROR,
        /** An error on another interface of the pipe closed it. */
        PIPE_FAILED
    }

    /**
     * Ends the binding once: releases this interface's end (or fails the whole pipe on an error),
     * fails the calls in flight, cancels served calls, and (unless the owner closed it) queues the
     * disconnect handler behind the callbacks already queued.
     */
    private void disconnect(DisconnectReason reason, Ending ending) {
        List<Runnable> listeners;
        List<PendingCall> calls;
        List<ServedCall> served;
        Consumer<DisconnectReason> handler;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropQueued = ending != Ending.PEER_GONE;
            calls = pending.values();
            pending.clear();
            served = running.values();
            running.clear();
            handler = disconnectHandler;
            listeners = new ArrayList<>(endListeners);
            endListeners.clear();
        } finally {
            lock.unlock();
        }
        switch (ending) {
            case ERROR -> connection.fail(reason);
            case OWNER_CLOSE -> connection.release(interfaceId, reason);
            case PEER_GONE -> connection.release(interfaceId, null);
            case PIPE_FAILED -> { } // the connection is closing the pipe
        }
        boolean notify = ending != Ending.OWNER_CLOSE;
        BindingException why = notify
                ? new BindingException(Failure.DISCONNECTED, "the pipe is disconnected (" + reason + ")", reason)
                : new BindingException(Failure.CLOSED, "the remote was closed", null);
        for (PendingCall c : calls) {
            finish(c, null, why);
        }
        for (ServedCall c : served) {
            c.cancel();
        }
        for (Runnable listener : listeners) {
            if (notify) {
                callbacks.submit(new SerialQueue.Task(false, listener)); // after the work queued before the end
            } else {
                listener.run();
            }
        }
        if (notify && handler != null) {
            callbacks.submit(new SerialQueue.Task(false, () -> handler.accept(reason)));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    // ---------------------------------------------------------------- calls

    /** A client call in flight. Its fields other than the final ones are touched by whoever removed it from {@link #pending}. */
    private static final class PendingCall {
        final String methodName;
        final int ordinal;
        final StructCodec<?> responseCodec;
        /** Set for a blocking sync call: woken when the call completes. */
        final SyncWaiter waiter;
        final CompletableFuture<Object> future;
        boolean holdsPermit;
        volatile ScheduledFuture<?> deadlineTask;

        PendingCall(String methodName, int ordinal, StructCodec<?> responseCodec, SyncWaiter waiter) {
            this(methodName, ordinal, responseCodec, waiter, new CompletableFuture<>());
        }

        PendingCall(String methodName, int ordinal, StructCodec<?> responseCodec, SyncWaiter waiter,
                CompletableFuture<Object> future) {
            this.methodName = methodName;
            this.ordinal = ordinal;
            this.responseCodec = responseCodec;
            this.waiter = waiter;
            this.future = future;
        }
    }

    /** A request being served: its {@link CallContext}. */
    private final class ServedCall implements CallContext {
        final MethodSchema method;
        final long requestId;
        final boolean sync;
        private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

        ServedCall(MethodSchema method, long requestId, boolean sync) {
            this.method = method;
            this.requestId = requestId;
            this.sync = sync;
        }

        void cancel() {
            cancelled.complete(null);
        }

        Router<I> router() {
            return Router.this;
        }

        @Override
        public String methodName() {
            return method.name();
        }

        @Override
        public long requestId() {
            return requestId;
        }

        @Override
        public boolean isCancelled() {
            return cancelled.isDone();
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> cancellation() {
            return cancelled.minimalCompletionStage();
        }

        @Override
        public void reportBadMessage(String reason) {
            Objects.requireNonNull(reason, "reason");
            Router.this.reportBadMessage(reason);
        }
    }

    /** A caller whose calls carry a deadline. */
    private final class DeadlineCaller implements MethodCaller {
        private final Duration deadline;

        DeadlineCaller(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("a deadline must be positive: " + deadline);
            }
            this.deadline = deadline;
        }

        @Override
        public <P> void send(MethodSchema method, StructCodec<P> paramsCodec, P params) {
            Router.this.send(method, paramsCodec, params);
        }

        @Override
        public <P, R> CompletableFuture<R> call(MethodSchema method, StructCodec<P> paramsCodec, P params,
                StructCodec<R> responseCodec) {
            return callWithDeadline(method, paramsCodec, params, responseCodec, deadline);
        }

        @Override
        public <P, R> R callSync(MethodSchema method, StructCodec<P> paramsCodec, P params,
                StructCodec<R> responseCodec) {
            return callSyncWithDeadline(method, paramsCodec, params, responseCodec, deadline);
        }
    }
}
