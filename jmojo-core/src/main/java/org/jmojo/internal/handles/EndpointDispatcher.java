package org.jmojo.internal.handles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jmojo.internal.node.UserMessageFrames;
import org.jmojo.internal.ports.MergeResult;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.internal.ports.PortStatus;
import org.jmojo.internal.ports.ReadOutcome;
import org.jmojo.internal.ports.ReceiveLimits;
import org.jmojo.internal.ports.SendResult;
import org.jmojo.internal.sync.HeldLocks;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Handle;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReadResult;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Right;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.WaitResult;

/**
 * The dispatcher of a message pipe endpoint: one receiving port of the local node plus the handle's
 * quota setting. Reads and writes go straight to the ports layer without holding {@link #lock}; the
 * lock (rank 1) is held only to read or change this object's own state and to compute signals.
 *
 * <p>This dispatcher is its port's owner in the ports layer ({@link Node}, "Ownership") from its
 * construction until a write that attaches it queues its message; every read, write and quota change
 * names it as the owner, so one that checked this handle before it was sent and reaches the port only
 * after is refused there ("was sent in a message") and acts on nothing. That refusal is also what
 * {@link #departed()} reports.
 */
final class EndpointDispatcher extends Dispatcher {
    static final Set<Right> DEFAULT_RIGHTS =
            Set.of(Right.TRANSFER, Right.READ, Right.WRITE, Right.GET_OPTIONS, Right.SET_OPTIONS);

    private static final Signals ALWAYS_SATISFIABLE = Signals.of(Signals.PEER_CLOSED, Signals.QUOTA_EXCEEDED);
    private static final Signals OPEN_PEER_SATISFIABLE =
            Signals.of(Signals.READABLE, Signals.WRITABLE, Signals.PEER_REMOTE);

    private static final ReadResult SHOULD_WAIT = new ReadResult(MojoResult.SHOULD_WAIT, null);
    private static final ReadResult NOTHING_EVER = new ReadResult(MojoResult.FAILED_PRECONDITION, null);

    final PortRef port;

    // @GuardedBy("lock")
    private ReceiveQuota quota = ReceiveQuota.UNLIMITED;

    EndpointDispatcher(LocalCore core, PortRef port, Set<Right> rights) {
        super(core, HandleType.MESSAGE_PIPE_ENDPOINT, rights, LockRank.ENDPOINT);
        this.port = port;
        core.node.setOwner(port, this);
    }

    @Override
    boolean departed() {
        return core.node.owner(port) != this;
    }

    @Override
    SignalsState currentSignals() {
        return SIGNALS_BY_STATUS[core.node.status(port)];
    }

    /**
     * The signals of an endpoint for each port status ({@link Node#status}), made once: signals are
     * computed on every read, write and wait, so they must not allocate.
     */
    private static final SignalsState[] SIGNALS_BY_STATUS = signalsByStatus();

    private static SignalsState[] signalsByStatus() {
        SignalsState[] table = new SignalsState[Node.STATUS_LIMIT];
        for (int status = 0; status < table.length; status++) {
            // A port that is not receiving is no endpoint's any more (closed, or carried away and now
            // buffering or proxying for its new location): its handle has no signals.
            table[status] = (status & Node.STATUS_NOT_RECEIVING) != 0 ? SignalsState.NONE : signalsFor(status);
        }
        return table;
    }

    /**
     * The results of a wait that the signals of each port status decide, OK and FAILED_PRECONDITION, made once:
     * {@link #decideWait} hands them out, so a wait that ends while it spins allocates nothing.
     */
    private static final WaitResult[] WAIT_OK_BY_STATUS = waitsByStatus(MojoResult.OK);

    private static final WaitResult[] WAIT_FAILED_BY_STATUS = waitsByStatus(MojoResult.FAILED_PRECONDITION);

    private static WaitResult[] waitsByStatus(MojoResult result) {
        WaitResult[] table = new WaitResult[SIGNALS_BY_STATUS.length];
        for (int status = 0; status < table.length; status++) {
            table[status] = new WaitResult(result, SIGNALS_BY_STATUS[status]);
        }
        return table;
    }

    /** {@link Dispatcher#decideWait} from one read of the port's status, with a result made once. */
    @Override
    WaitResult decideWait(Signals signals) {
        int status = core.node.status(port);
        // The signals before the state (Waiter.decide): the status above is read first.
        MojoResult r = Waiter.decide(visibleState(), SIGNALS_BY_STATUS[status], signals);
        if (r == null) {
            return null;
        }
        // Comparisons, not a switch on the enum: that switch's lookup class would be loaded by the first wait, and a
        // virtual thread that loads a class under contention pins its carrier (VirtualThreadPinningTest).
        if (r == MojoResult.OK) {
            return WAIT_OK_BY_STATUS[status];
        }
        return r == MojoResult.FAILED_PRECONDITION ? WAIT_FAILED_BY_STATUS[status] : CANCELLED_WAIT;
    }

    private static SignalsState signalsFor(int status) {
        int satisfied = 0;
        int satisfiable = ALWAYS_SATISFIABLE.bits();
        if ((status & Node.STATUS_READABLE) != 0) {
            satisfied |= Signals.READABLE.bits();
            satisfiable |= Signals.READABLE.bits();
        }
        if ((status & Node.STATUS_PEER_CLOSED) != 0) {
            satisfied |= Signals.PEER_CLOSED.bits();
        } else {
            satisfied |= Signals.WRITABLE.bits();
            satisfiable |= OPEN_PEER_SATISFIABLE.bits();
            if ((status & Node.STATUS_PEER_REMOTE) != 0) {
                satisfied |= Signals.PEER_REMOTE.bits();
            }
        }
        if ((status & Node.STATUS_QUOTA_EXCEEDED) != 0) {
            satisfied |= Signals.QUOTA_EXCEEDED.bits();
        }
        return new SignalsState(Signals.fromBits(satisfied), Signals.fromBits(satisfiable));
    }

    @Override
    void closeResources() {
        core.node.closePort(port);
    }

    /**
     * {@link #write(long, Supplier, List)} of a copy of {@code bytes}: the same checks, in the same order, and for a
     * message without handles no supplier object (a write's most common form). A large message without handles is
     * lent {@code bytes} instead of a copy, and has its own copy by the time this returns unless it left the node
     * already ({@link #LENT_PAYLOAD_MIN}).
     */
    MojoResult write(byte[] bytes, List<? extends Handle> handles) {
        if (!handles.isEmpty()) {
            return write(bytes.length, bytes::clone, handles);
        }
        checkUsable(Right.WRITE);
        if (!UserMessageFrames.fits(bytes.length, 0, 0)) {
            return MojoResult.RESOURCE_EXHAUSTED;
        }
        if (bytes.length >= LENT_PAYLOAD_MIN) {
            return sendLent(bytes);
        }
        return sendWithoutHandles(bytes.clone());
    }

    /**
     * Payloads from this size on are lent to the write rather than copied first ({@link LocalMessage.Lent}): a
     * message that leaves the node during the write is then copied once, into its frame. Below it a copy costs
     * less than the lending's two monitor entries on a local pipe, whose message is copied either way.
     */
    static final int LENT_PAYLOAD_MIN = 8 * 1024;

    private MojoResult sendLent(byte[] bytes) {
        LocalMessage.Lent message = new LocalMessage.Lent(bytes);
        try {
            return toResult(core.node.sendUserMessage(port, this, message));
        } finally {
            message.settle(); // before the caller gets its array back
        }
    }

    MojoResult write(long length, Supplier<byte[]> payload, List<? extends Handle> handles) {
        checkUsable(Right.WRITE);
        int n = handles.size();
        if (n == 0) {
            if (!UserMessageFrames.fits(length, 0, 0)) {
                return MojoResult.RESOURCE_EXHAUSTED;
            }
            return sendWithoutHandles(payload.get());
        }
        List<Dispatcher> attached = new ArrayList<>(n);
        Set<Dispatcher> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < n; i++) {
            Handle h = handles.get(i);
            if (h == null) {
                throw new NullPointerException("handles[" + i + "] is null");
            }
            Dispatcher d = HandleHolder.dispatcherOf(h, i);
            d.checkNode(core, i, "attached to a message written on that node");
            if (d == this) {
                throw new MojoException(
                        MojoResult.INVALID_ARGUMENT,
                        name(value) + " attaches the writing endpoint itself (handles[" + i + "])");
            }
            if (!d.type.isTransferable()) {
                throw new MojoException(
                        MojoResult.INVALID_ARGUMENT,
                        name(d.value) + " (handles[" + i + "]) is a " + d.type + ", which cannot be sent");
            }
            try {
                d.checkUsable(Right.TRANSFER);
            } catch (MojoException e) {
                throw atIndex(e, i);
            }
            if (!seen.add(d)) {
                throw new MojoException(
                        MojoResult.BUSY, name(d.value) + " is attached twice (handles[" + i + "])");
            }
            attached.add(d);
        }
        // Checked as if the message left the node, wherever its peer is: it may be forwarded later, when nobody
        // can fail the write any more (docs/architecture.md §4), so it must fit already.
        int ports = 0;
        for (Dispatcher d : attached) {
            if (d instanceof EndpointDispatcher) {
                ports++;
            }
        }
        if (n > MessagePipeEndpoint.MAX_HANDLES_PER_MESSAGE
                || n - ports > UserMessageFrames.MAX_FDS
                || !UserMessageFrames.fits(length, ports, n, (long) n * LocalMessageCodec.HEADER_BYTES)) {
            return MojoResult.RESOURCE_EXHAUSTED;
        }
        List<LocalMessage.Attachment> attachments = new ArrayList<>(n);
        int begun = 0;
        try {
            for (Dispatcher d : attached) {
                try {
                    d.beginTransit();
                } catch (MojoException e) {
                    // Closed, sent or attached elsewhere since the checks above: name it by its index.
                    throw atIndex(e, begun);
                }
                begun++;
                attachments.add(d instanceof EndpointDispatcher e
                        ? LocalMessage.Attachment.ofPort(e.port, d.rightsForTransfer())
                        : LocalMessage.Attachment.ofFd(((PlatformDispatcher) d).fdForTransfer(), d.rightsForTransfer()));
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < begun; i++) {
                attached.get(i).endTransit(false);
            }
            throw e;
        }
        SendResult sent;
        try {
            sent = core.node.sendUserMessage(port, this, LocalMessage.of(payload.get(), attachments));
        } catch (RuntimeException e) {
            for (Dispatcher d : attached) {
                d.endTransit(false);
            }
            throw e;
        }
        boolean ok = sent == SendResult.OK;
        for (Dispatcher d : attached) {
            if (ok && d instanceof PlatformDispatcher p) {
                p.forgetSent(); // the message owns the descriptor now
            }
            d.endTransit(ok);
        }
        return toResult(sent);
    }

    private MojoResult sendWithoutHandles(byte[] copy) {
        return toResult(core.node.sendUserMessage(port, this, new LocalMessage(copy)));
    }

    /** {@code e}, about the attached handle at {@code index}, with that index in it. */
    private static MojoException atIndex(MojoException e, int index) {
        String where = "handles[" + index + "]: ";
        if (e instanceof InvalidHandleException ih) {
            return new InvalidHandleException(ih.handle(), index, where + ih.detail());
        }
        return new MojoException(e.result(), where + e.detail(), e);
    }

    private MojoResult toResult(SendResult sent) {
        return switch (sent) {
            case OK -> MojoResult.OK;
            case PEER_CLOSED -> MojoResult.FAILED_PRECONDITION;
            case REFUSED_BY_QUOTA -> MojoResult.RESOURCE_EXHAUSTED;
            case CANNOT_SEND_PEER -> throw new MojoException(
                    MojoResult.INVALID_ARGUMENT, name(value) + " attaches its own peer, which could never be read");
            case CANNOT_SEND_SELF -> throw new MojoException(
                    MojoResult.INVALID_ARGUMENT, name(value) + " attaches the writing endpoint itself");
            case UNKNOWN_PORT -> throw new InvalidHandleException(
                    value, -1, name(value) + " was closed during the write");
            // Checked above, then sent by another thread's write that took effect first.
            case NOT_OWNER -> throw invalidNow();
            case CARRIED_PORT_CLOSED -> throw new IllegalStateException(
                    name(value) + ": the port of a handle being attached was closed during the write");
        };
    }

    ReadResult read() {
        checkUsable(Right.READ);
        ReadOutcome outcome = PlantedFaults.READS ? PlantedFaults.getMessage(this) : core.node.getMessage(port, this);
        return switch (outcome.status()) {
            case OK -> new ReadResult(MojoResult.OK, materialise((LocalMessage) outcome.message()));
            case EMPTY -> SHOULD_WAIT;
            case PEER_CLOSED -> NOTHING_EVER;
            case UNKNOWN_PORT -> throw new InvalidHandleException(value, -1, name(value) + " is closed");
            // Checked above, then sent by another thread's write that took effect first: nothing taken.
            case NOT_OWNER -> throw invalidNow();
        };
    }

    /**
     * Turns a taken message into the reader's objects: its payload and a new handle per carried port
     * (each new dispatcher claims its port, which was in transit until now).
     */
    private Message materialise(LocalMessage m) {
        if (m.attachments().isEmpty()) {
            return new Message(m.bytes(), List.of());
        }
        List<Handle> handles = new ArrayList<>(m.attachments().size());
        m.takeFds(); // the new handles own the descriptors from here on
        for (LocalMessage.Attachment a : m.attachments()) {
            handles.add(a.port() != null
                    ? new EndpointHandle(new EndpointDispatcher(core, a.port(), a.rights()))
                    : new PlatformHandleImpl(new PlatformDispatcher(core, a.fd(), a.rights())));
        }
        return new Message(m.bytes(), handles);
    }

    void setQuota(ReceiveQuota q) {
        checkUsable(Right.SET_OPTIONS);
        lock.lock();
        try {
            quota = q;
        } finally {
            lock.unlock();
        }
        ReceiveLimits limits = q.isUnlimited()
                ? ReceiveLimits.NONE
                : new ReceiveLimits(q.maxMessages(), q.maxBytes(), q.policy() == QuotaPolicy.HARD);
        if (!core.node.setReceiveLimits(port, this, limits)) {
            throw invalidNow(); // closed or sent since the check: the limits stay with nobody
        }
    }

    ReceiveQuota quota() {
        checkValid(Right.GET_OPTIONS);
        lock.lock();
        try {
            return quota;
        } finally {
            lock.unlock();
        }
    }

    Optional<ClosureReason> peerClosureReason() {
        PortStatus s = status();
        return s.peerClosed() ? Optional.of(ClosureReason.fromCode(s.closureReason())) : Optional.empty();
    }

    /** The port's status, for queries: works while in transit, until the carrying write takes effect. */
    PortStatus status() {
        checkValid(null);
        return core.node.getStatus(port, this).orElseThrow(this::invalidNow);
    }

    /**
     * Fuses this endpoint's pipe with {@code other}'s ({@link org.jmojo.system.Core#fuseMessagePipes}): both
     * handles are marked busy (so no write attaches them, and no read or write acts on them, meanwhile), the
     * ports layer merges their ports in one critical section (completing it there, or leaving the two ports as
     * proxies when a peer is elsewhere), and on success both handles are closed. On
     * any refusal nothing has changed and both handles are as they were.
     *
     */
    void fuseWith(EndpointDispatcher other) {
        try {
            checkUsable(Right.TRANSFER);
        } catch (MojoException e) {
            throw atIndex(e, 0);
        }
        try {
            other.checkUsable(Right.TRANSFER);
        } catch (MojoException e) {
            throw atIndex(e, 1);
        }
        try {
            beginTransit();
        } catch (MojoException e) {
            throw atIndex(e, 0);
        }
        try {
            other.beginTransit();
        } catch (MojoException e) {
            endTransit(false);
            throw atIndex(e, 1);
        }
        MergeResult merged;
        try {
            merged = core.node.mergeLocalPorts(port, this, other.port, other);
        } catch (RuntimeException | Error e) {
            endTransit(false);
            other.endTransit(false);
            throw e;
        }
        if (merged == MergeResult.ACROSS_NETWORKS) {
            // Two networks' routes never merge (docs/processes.md, "Isolated links and bridges"): a bridge takes
            // both ports over and relays between them; the handles retire as closed, their ports live on.
            endTransitRetired("was fused with another pipe (through a bridge)");
            other.endTransitRetired("was fused with another pipe (through a bridge)");
            core.node.bridgePorts(port, other.port);
            return;
        }
        endTransit(false);
        other.endTransit(false);
        switch (merged) {
            case OK -> {
                // The ports are gone: the handles close as after any close (observers see CANCELLED).
                close();
                other.close();
            }
            case NOT_OWNER, UNKNOWN_PORT -> {
                // Only a close or send that won a race with the checks above: name the one that went.
                if (core.node.owner(port) != this || (core.node.status(port) & Node.STATUS_CLOSED) != 0) {
                    throw atIndex(invalidNow(), 0);
                }
                throw atIndex(other.invalidNow(), 1);
            }
            case SAME_PIPE -> throw new MojoException(MojoResult.INVALID_ARGUMENT, name(value) + " and "
                    + name(other.value) + " are the two ends of one pipe: fusing joins the peers of two different"
                    + " pipes");
            case FIRST_HAS_SENT -> throw hasSent(this, 0);
            case SECOND_HAS_SENT -> throw hasSent(other, 1);
            case FIRST_HAS_READ -> throw hasRead(this, 0, other, 1);
            case SECOND_HAS_READ -> throw hasRead(other, 1, this, 0);
            case ACROSS_NETWORKS -> throw new IllegalStateException("bridged above");
        }
    }

    private static MojoException hasSent(EndpointDispatcher d, int index) {
        return new MojoException(MojoResult.FAILED_PRECONDITION, "handles[" + index + "]: " + name(d.value)
                + " has written a message: only an endpoint that never wrote can be fused (its peer numbers"
                + " what it receives from it, and would receive the other pipe's messages instead)");
    }

    private static MojoException hasRead(EndpointDispatcher d, int index, EndpointDispatcher other, int otherIndex) {
        return new MojoException(MojoResult.FAILED_PRECONDITION, "handles[" + index + "]: " + name(d.value)
                + " has read messages, and the peer of handles[" + otherIndex + "] (" + name(other.value) + "), which"
                + " would receive the rest, is on another node or on its way there: it numbers what it receives from"
                + " the first message, so only an endpoint that never read can be fused with such a pipe; nothing was"
                + " changed");
    }
}
