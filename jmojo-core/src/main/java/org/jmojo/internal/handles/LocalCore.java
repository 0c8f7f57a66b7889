package org.jmojo.internal.handles;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.node.EventTranslation;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.OpenFiles;
import org.jmojo.internal.ports.Event;
import org.jmojo.internal.ports.NameGenerator;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.NodeDelegate;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapHandler;
import org.jmojo.system.WaitManyResult;
import org.jmojo.system.WaitResult;
import org.jmojo.system.WaitSet;

/**
 * The system layer of one node: its handle table and its ports node, plus the operations of
 * {@link org.jmojo.system.Core}. Thread-safe.
 *
 * <p>Nothing here is process-wide: every node has its own handle table, ports node and name
 * generator, and every dispatcher knows its node ({@link Dispatcher#core}), so several nodes can live in
 * one JVM and a handle of one is refused by the others ({@link Dispatcher#checkNode}). The process's
 * default node is {@link Core#instance()}; further nodes come from {@link #newNode()} (for tests, through
 * {@code org.jmojo.internal.multinode.Nodes}). Code below the public API never reaches for the default
 * node: it uses the node of the handle it acts on.
 *
 * <p>{@link Core}'s constructor is private to the API package; {@link Core}'s class initialiser hands
 * this class the one way to wrap a node in its public facade ({@link #installApi}): a function, not a
 * node, so it is the same for every node.
 */
public final class LocalCore {
    /** How {@link Core} wraps a node and unwraps it; set once, by Core's class initialiser. */
    public interface Api {
        /** The public facade of {@code node}. */
        Core wrap(LocalCore node);

        /** The node behind {@code core}. */
        LocalCore unwrap(Core core);
    }

    private static volatile Api api;

    final HandleTable table = new HandleTable();
    final Node node;

    /** Encodes this node's events for other nodes and decodes theirs. */
    private static final EventTranslation TRANSLATION = new EventTranslation(new LocalMessageCodec());

    /**
     * Where events for other nodes go; null while this node is joined to none. Set once
     * ({@link #attachTransport}), read by the ports layer's delivery loop on any thread.
     */
    private final AtomicReference<EventTransport> transport = new AtomicReference<>();

    /** This node's public facade: made once, with the node. */
    private final Core core;

    private LocalCore(NameGenerator names) {
        node = new Node(names.nextNodeName(), new PortEvents(), names);
        core = api().wrap(this);
    }

    /** Called by {@link Core}'s class initialiser, once. */
    public static void installApi(Api coreApi) {
        if (api != null) {
            throw new IllegalStateException("the Core API is installed once, by Core's class initialiser");
        }
        api = coreApi;
    }

    private static Api api() {
        Api a = api;
        if (a == null) {
            // Only Core's class initialiser installs it: run it (it is idempotent; the default node is
            // made lazily, on the first Core.instance(), not here).
            try {
                Class.forName(Core.class.getName(), true, Core.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = api;
        }
        return a;
    }

    /**
     * Makes a new node with its own handle table and ports, independent of every other node in this JVM,
     * and returns its public facade.
     */
    public static Core newNode() {
        return new LocalCore(new NameGenerator()).core;
    }

    /**
     * {@link #newNode()} with its node and port names drawn from {@code names} (a seeded generator makes a
     * deterministic simulation replay exactly).
     */
    public static Core newNode(NameGenerator names) {
        return new LocalCore(Objects.requireNonNull(names, "names")).core;
    }

    /** The node behind {@code core}. */
    public static LocalCore of(Core core) {
        return api().unwrap(core);
    }

    /** Where this node's events for other nodes go; null while it is joined to none. */
    EventTransport transport() {
        return transport.get();
    }

    /** This node's public facade. */
    public Core core() {
        return core;
    }

    /** This node's name, as messages print it ({@code node:…}). */
    public String name() {
        return node.name().toString();
    }

    /**
     * Creates a trap on the node that owns {@code handle} (for helpers, such as {@code HandleWatcher} and
     * {@code readAsync}, that watch a handle the user gave them without being told its node).
     *
     * @throws InvalidHandleException if {@code handle} is closed, sent or moved away
     */
    public static Trap createTrapOnNodeOf(Handle handle, TrapHandler handler) {
        try {
            return HandleHolder.dispatcherOf(handle, -1).core.createTrap(handler);
        } finally {
            Reference.reachabilityFence(handle);
        }
    }

    /**
     * The node that owns {@code handle}.
     *
     * @throws InvalidHandleException if {@code handle} is closed, sent or moved away
     */
    public static LocalCore nodeOf(Handle handle) {
        try {
            return HandleHolder.dispatcherOf(handle, -1).core;
        } finally {
            Reference.reachabilityFence(handle);
        }
    }

    /** Routes the ports layer's notifications to the endpoint owning each port of this node. */
    private final class PortEvents implements NodeDelegate {
        @Override
        public void forwardEvent(NodeName target, Event event) {
            EventTransport t = transport.get();
            if (t == null) {
                // Only a port initialised with a peer on another node makes such an event, and only a joined
                // node makes such ports.
                throw new IllegalStateException("no channel from " + node.name() + " to " + target + " for " + event);
            }
            EventTranslation.EncodedEvent encoded = TRANSLATION.encode(event);
            boolean sent = false;
            try {
                t.send(node.name(), target, encoded.head(), encoded.payload(), encoded.fds());
                sent = true;
            } finally {
                if (!sent) {
                    encoded.closeFds(); // the transport refused it: the descriptors are still ours to close
                }
            }
        }

        /**
         * Called from the ports layer's delivery loop with no lock held. Inside a system API call the trap
         * events this causes join that call's request context (they run when it ends); outside any call (an
         * event from another node delivered on the I/O thread, docs/architecture.md §5) this opens the
         * context itself, so they run on this thread as soon as the notification is done, still with no
         * lock held (issue 8, item 4).
         */
        @Override
        public void portStatusChanged(PortRef port) {
            if (node.owner(port) instanceof EndpointDispatcher d) {
                try (RequestContext c = RequestContext.enter()) {
                    d.notifyObservers();
                }
            }
        }
    }

    /** This node's name in the ports layer. */
    public NodeName nodeName() {
        return node.name();
    }

    /**
     * Joins this node to other nodes: from now on its events for other nodes are encoded and handed to
     * {@code eventTransport}. Once per node.
     *
     * @throws IllegalStateException if this node already has a transport
     */
    public void attachTransport(EventTransport eventTransport) {
        if (!transport.compareAndSet(null, Objects.requireNonNull(eventTransport, "eventTransport"))) {
            throw new IllegalStateException(node.name() + " is already joined to other nodes");
        }
    }

    /**
     * Hands this node an encoded event that node {@code from} sent (the receiving end of a channel). Call
     * with no jmojo lock held; the trap handlers the delivery triggers run on this thread before it returns.
     *
     * @return what became of it (processed, held until its sender or number is the expected one, or dropped
     *     as stale)
     * @throws ProtocolViolationException if {@code from} broke the protocol: the caller cuts it off
     */
    public Node.RemoteVerdict acceptEvent(NodeName from, byte[] event) throws ProtocolViolationException {
        return acceptEvent(from, event, List.of());
    }

    /**
     * {@link #acceptEvent(NodeName, byte[])} for an event that came with descriptors (a frame's fds, in order).
     * Takes ownership of {@code fds}: they end up in the handles of the message that carried them, or closed (the
     * event refused as a violation, or dropped as stale, or its message closed unread).
     *
     * @throws ProtocolViolationException also if the descriptors do not match what the event declares (category
     *     {@code FD_MISMATCH}); they are closed
     */
    public Node.RemoteVerdict acceptEvent(NodeName from, byte[] event, List<Fd> fds) throws ProtocolViolationException {
        return acceptEvent(from, MemorySegment.ofArray(event), fds);
    }

    /**
     * {@link #acceptEvent(NodeName, byte[], List)} of an event in {@code event}, which may be a view of a channel's
     * receive buffer: nothing made from it keeps it (a message's payload is copied out), so it may change as soon
     * as this returns.
     */
    public Node.RemoteVerdict acceptEvent(NodeName from, MemorySegment event, List<Fd> fds)
            throws ProtocolViolationException {
        Event decoded = TRANSLATION.decode(from, node.name(), event, fds, node::acceptPortDescriptors);
        // The delivering thread stands for the node's I/O thread (docs/architecture.md §5): trap events the
        // delivery causes run on it when this scope ends, after every lock is released.
        try (RequestContext c = RequestContext.enter()) {
            return node.acceptRemoteEvent(from, decoded);
        }
    }

    /**
     * Tells this node that its channel to node {@code lost} ended (docs/architecture.md §3, node loss): no event
     * from it is processed again, and every pipe whose other end (or incoming route) is there reports its peer
     * closed, with reason 2, once what already arrived is read. Call with no jmojo lock held; the trap handlers
     * it triggers run on this thread before it returns.
     *
     * @return how many ports broke
     */
    public int lostConnectionTo(NodeName lost) {
        try (RequestContext c = RequestContext.enter()) {
            return node.lostConnectionTo(lost);
        }
    }

    /**
     * A message pipe whose {@code end0} is on this node and {@code end1} on {@code other}, another node; both
     * nodes must be joined to a transport that links them.
     *
     * @throws IllegalArgumentException if {@code other} is this node
     */
    public MessagePipe createMessagePipeTo(LocalCore other) {
        if (other == this) {
            throw new IllegalArgumentException("createMessagePipeTo(" + name() + "): the same node; use createMessagePipe");
        }
        PortRef here = node.createUninitializedPort();
        PortRef there = other.node.createUninitializedPort();
        node.initializePort(here, other.node.name(), there.name());
        other.node.initializePort(there, node.name(), here.name());
        return new MessagePipe(
                new EndpointHandle(new EndpointDispatcher(this, here, EndpointDispatcher.DEFAULT_RIGHTS)),
                new EndpointHandle(new EndpointDispatcher(other, there, EndpointDispatcher.DEFAULT_RIGHTS)));
    }

    /**
     * A new handle for {@code port}, a port of this node that no handle owns yet: one made by
     * {@code node().createUninitializedPort()} and given its peer on another node with {@code initializePort}
     * (the bootstrap pipe of an invitation, whose two ends are made on two nodes that exchanged their names).
     */
    public MessagePipeEndpoint endpointFor(PortRef port) {
        return new EndpointHandle(new EndpointDispatcher(this, Objects.requireNonNull(port, "port"),
                EndpointDispatcher.DEFAULT_RIGHTS));
    }

    public MessagePipe createMessagePipe() {
        PortRef[] ports = node.createPortPair();
        return new MessagePipe(
                new EndpointHandle(new EndpointDispatcher(this, ports[0], EndpointDispatcher.DEFAULT_RIGHTS)),
                new EndpointHandle(new EndpointDispatcher(this, ports[1], EndpointDispatcher.DEFAULT_RIGHTS)));
    }

    /** {@link Core#fuseMessagePipes}. */
    public void fuseMessagePipes(MessagePipeEndpoint first, MessagePipeEndpoint second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        try (RequestContext c = RequestContext.enter()) {
            Dispatcher d0 = HandleHolder.dispatcherOf(first, 0);
            d0.checkNode(this, 0, "fused through that node's Core");
            Dispatcher d1 = HandleHolder.dispatcherOf(second, 1);
            d1.checkNode(this, 1, "fused through that node's Core");
            if (d0 == d1) {
                throw new MojoException(MojoResult.INVALID_ARGUMENT, "handles[1]: " + Dispatcher.name(d0.value)
                        + " is given twice: fusing joins the peers of two different pipes");
            }
            ((EndpointDispatcher) d0).fuseWith((EndpointDispatcher) d1);
        } finally {
            Reference.reachabilityFence(first);
            Reference.reachabilityFence(second);
        }
    }

    /** {@link Core#wrapFileDescriptor(int)}. */
    public PlatformHandle wrapFileDescriptor(int fd) {
        Fd owned;
        try {
            owned = Fd.adopt(fd, "platform handle");
        } catch (NativeException e) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "fd " + fd + " is not an open descriptor (" + e.getMessage()
                    + "): wrapFileDescriptor takes an open descriptor the caller owns; nothing was taken", e);
        } catch (IllegalArgumentException e) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, e.getMessage() + "; nothing was taken", e);
        }
        return wrap(owned);
    }

    /** {@link Core#wrapFileChannel}. */
    public PlatformHandle wrapFileChannel(FileChannel channel) {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, channel + " is closed: only an open channel can be wrapped");
        }
        Fd owned = duplicateOrRefuse(() -> OpenFiles.duplicate(channel), channel);
        try {
            channel.close();
        } catch (IOException e) {
            // The channel's own descriptor failed to close; the handle's duplicate is unaffected and owned.
        }
        return wrap(owned);
    }

    /** {@link Core#wrapFileDescriptor(FileDescriptor)}. */
    public PlatformHandle wrapFileDescriptor(FileDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        return wrap(duplicateOrRefuse(() -> OpenFiles.duplicate(descriptor), descriptor));
    }

    private interface Duplication {
        Fd duplicate() throws IOException;
    }

    private static Fd duplicateOrRefuse(Duplication duplication, Object what) {
        try {
            return duplication.duplicate();
        } catch (IOException e) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, what + " cannot be wrapped: " + e.getMessage()
                    + "; it is unchanged", e);
        }
    }

    private PlatformHandle wrap(Fd owned) {
        return new PlatformHandleImpl(new PlatformDispatcher(this, owned, PlatformDispatcher.DEFAULT_RIGHTS));
    }

    public Trap createTrap(TrapHandler handler) {
        return new TrapHandle(new TrapDispatcher(this, Objects.requireNonNull(handler, "handler")));
    }

    public WaitSet createWaitSet() {
        return new WaitSetHandle(new WaitSetDispatcher(this));
    }

    /**
     * Waits in three steps. It decides from the current state if it can; then it spins, polling the
     * handle's published state (no observer is registered, so the thread that makes the condition true
     * has nobody to notify or unpark and no lock to take); only then does it register an observer, which
     * is told the current state at once, and park until that observer ends the wait.
     */
    public WaitResult wait(Handle handle, Signals signals, Deadline deadline) {
        try {
            return waitOne(handle, signals, deadline);
        } finally {
            // The caller's handle object stays reachable for the whole wait: the leak detector must not
            // close it under the waiting thread.
            Reference.reachabilityFence(handle);
        }
    }

    private WaitResult waitOne(Handle handle, Signals signals, Deadline deadline) {
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(deadline, "deadline");
        Dispatcher d = HandleHolder.dispatcherOf(handle, -1);
        d.checkNode(this, -1, "waited on through that node's Core");
        d.checkWaitable();
        WaitResult decided = d.decideWait(signals);
        if (decided != null) {
            return decided;
        }
        if (deadline.remainingNanos() == 0) {
            return new WaitResult(MojoResult.DEADLINE_EXCEEDED, d.signalsState());
        }
        // Every wait spins the full phase first, also one that may then take the read token: spinning only the
        // 2 us busy phase before the token (tried, docs/performance.md §6) doubled the round trip between processes
        // on a quiet machine, for a few per cent of one-way throughput.
        // An unbound method reference captures nothing: the spin allocates no poll object per wait.
        decided = WaitSpin.spin(Dispatcher::decideWait, d, signals, deadline, WaitSpin.SPIN_NANOS);
        if (decided != null) {
            return decided;
        }
        Waiter waiter = new Waiter();
        SignalObserver observer = waiter.observer(0, signals);
        try (RequestContext c = RequestContext.enter()) {
            d.addObserver(observer, false);
        } catch (InvalidHandleException e) {
            // Closed or sent since the checks above: that ends a wait with CANCELLED, not an exception.
            return new WaitResult(MojoResult.CANCELLED, SignalsState.NONE);
        }
        try {
            ReadTokenWait.await(this, d, waiter, deadline); // parks unless it may read the channel itself
        } finally {
            d.removeObserver(observer);
        }
        Waiter.Outcome outcome = waiter.expire();
        // The state that decided the wait, not one read now: another thread may have changed it since.
        SignalsState state = outcome.state() != null ? outcome.state() : d.signalsState();
        return new WaitResult(outcome.result(), state);
    }

    /** The index of the first handle whose state decides a wait, with its result; null if none does. */
    private static Waiter.Outcome pollMany(List<Dispatcher> dispatchers, List<Signals> signals) {
        for (int i = 0; i < dispatchers.size(); i++) {
            Dispatcher d = dispatchers.get(i);
            SignalsState s = d.currentSignals();
            MojoResult r = Waiter.decide(d.visibleState(), s, signals.get(i));
            if (r != null) {
                return new Waiter.Outcome(r, i, r == MojoResult.CANCELLED ? SignalsState.NONE : s);
            }
        }
        return null;
    }

    /** Like {@link #wait}: decide now, else spin polling every handle in order, else register and park. */
    public WaitManyResult waitMany(List<? extends Handle> handles, List<Signals> signals, Deadline deadline) {
        try {
            return waitAny(handles, signals, deadline);
        } finally {
            Reference.reachabilityFence(handles); // as in wait()
        }
    }

    private WaitManyResult waitAny(List<? extends Handle> handles, List<Signals> signals, Deadline deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (handles.size() != signals.size()) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "handles.size()=" + handles.size()
                    + ", signals.size()=" + signals.size() + ": waitMany needs one signals entry per handle");
        }
        if (handles.isEmpty()) {
            throw new MojoException(MojoResult.INVALID_ARGUMENT, "handles=[]: waitMany needs at least one handle");
        }
        int n = handles.size();
        List<Dispatcher> dispatchers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Dispatcher d = HandleHolder.dispatcherOf(handles.get(i), i);
            d.checkNode(this, i, "waited on through that node's Core");
            Objects.requireNonNull(signals.get(i), "signals");
            try {
                d.checkWaitable();
            } catch (InvalidHandleException e) {
                throw new InvalidHandleException(e.handle(), i, "handles[" + i + "]: " + e.detail());
            }
            dispatchers.add(d);
        }
        Waiter.Outcome outcome = pollMany(dispatchers, signals);
        if (outcome == null) {
            outcome = WaitSpin.spin(() -> pollMany(dispatchers, signals), deadline);
        }
        if (outcome == null) {
            outcome = deadline.remainingNanos() == 0
                    ? new Waiter.Outcome(MojoResult.DEADLINE_EXCEEDED, -1, null)
                    : parkMany(dispatchers, signals, deadline);
        }
        // The handle that ended the wait is reported in the state that decided it; the others as they are.
        List<SignalsState> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            states.add(i == outcome.index() && outcome.state() != null
                    ? outcome.state()
                    : dispatchers.get(i).signalsState());
        }
        return new WaitManyResult(outcome.result(), outcome.index(), states);
    }

    private static Waiter.Outcome parkMany(List<Dispatcher> dispatchers, List<Signals> signals, Deadline deadline) {
        int n = dispatchers.size();
        Waiter waiter = new Waiter();
        List<SignalObserver> observers = new ArrayList<>(n);
        try {
            try (RequestContext c = RequestContext.enter()) {
                for (int i = 0; i < n && !waiter.isDone(); i++) {
                    SignalObserver o = waiter.observer(i, signals.get(i));
                    try {
                        dispatchers.get(i).addObserver(o, false);
                    } catch (InvalidHandleException e) {
                        // Closed or sent since the checks: that ends the wait, with CANCELLED for it.
                        waiter.cancel(i);
                        break;
                    }
                    observers.add(o);
                }
            }
            WaitSpin.park(waiter::isDone, deadline);
        } finally {
            for (int i = 0; i < observers.size(); i++) {
                dispatchers.get(i).removeObserver(observers.get(i));
            }
        }
        return waiter.expire();
    }

    public long waitSpinNanos() {
        return WaitSpin.SPIN_NANOS;
    }

    /** Live handles in the table (for leak checks in tests). */
    public int liveHandleCount() {
        return table.liveCount();
    }

    /** Ports of this node (for leak checks in tests). */
    public int portCount() {
        return node.portCount();
    }

    /** Ports of this node queued in another port's queue (for leak checks in tests). */
    public int portsInTransitCount() {
        return node.portsInTransitCount();
    }

    /** This node's ports (for tests of the system layer against the ports layer). */
    public Node node() {
        return node;
    }
}
