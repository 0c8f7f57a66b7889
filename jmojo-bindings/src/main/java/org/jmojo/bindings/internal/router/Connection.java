package org.jmojo.bindings.internal.router;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.HandleWatcher;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;

/**
 * One message pipe shared by a primary interface (interface ID 0) and any number of associated
 * interfaces (docs/wire-format.md §2.4, §10): it reads the pipe, routes each message by its
 * interface ID to the {@link Router} of that interface, writes for every router, keeps the table
 * of interface endpoint IDs and speaks the pipe-control protocol (interface ID 0xFFFFFFFF).
 *
 * <p><b>IDs.</b> Each side mints IDs for the associated pairs it creates, counting up from 1 and
 * skipping IDs in use; the side that holds the primary interface's {@code Remote} sets bit 31
 * ({@link #NAMESPACE_BIT}), the other leaves it clear, so the two sides never mint the same ID. An ID
 * stays in {@link #slots} until both sides closed their end of it, then it may be minted again. An ID
 * the peer announces (in the payload interface-ID array of a message) must not be in the table: a
 * collision is {@code ILLEGAL_INTERFACE_ID}. The namespace bit of a received ID is not checked:
 * Chromium does not check it either, and its conformance cases send IDs without the bit to a
 * receiver. A message for an ID that is not in the table, or a pipe-control event for one, is a
 * protocol error; a message for an ID this side already closed is dropped (the peer could not know).
 *
 * <p><b>Order.</b> One reader handles every message of the pipe in order. A message for an ID whose
 * pending endpoint is not bound yet is held, and reading stops, until that endpoint is bound or
 * closed: so no later message, on any interface, overtakes it. Endpoints bound on one queue (by
 * default an associated binding uses the primary binding's queue, {@link #defaultQueue()}) therefore
 * see the messages of all their interfaces in the order they were sent.
 *
 * <p><b>Writing.</b> Every write goes through {@link #write}, under {@link #writeLock}: a message on
 * an associated interface whose pending end has not been sent yet waits in its slot's backlog, and
 * goes out right after the message that carries the end, so the peer never sees an ID before it
 * learns it.
 *
 * <p><b>Errors.</b> A validation error, protocol error or bad message on any interface closes the whole
 * pipe (as in Chromium): the peer is told the reason for the primary interface and each associated
 * one it knows, and every router of this side gets it. The pipe also closes when every endpoint of
 * this side is closed.
 *
 * <p><b>Locks.</b> {@link #writeLock} is taken before {@link #lock}, never the other way; neither is
 * held while calling a router, user code or an executor; {@link #writeLock} is held across Mojo
 * writes (non-blocking), {@link #lock} across none. See docs/concurrency.md "Bindings".
 */
public final class Connection {

    /** Bit 31 of the IDs minted by the side that holds the primary {@code Remote}. */
    public static final int NAMESPACE_BIT = 0x8000_0000;

    /** The IDs a message being decoded on the reading thread announces; lets decoded pending ends claim their slot. */
    private static final ScopedValue<Decoding> DECODING = ScopedValue.newInstance();

    private static final Executor READERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("jmojo-bindings-reader-", 0).factory());

    /** Closes associated ends that became unreachable without being bound, sent or closed. */
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("jmojo-bindings-cleaner")
            .factory());

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final MessagePipeEndpoint endpoint;
    /**
     * Reads the pipe: on a reader thread of its own, or, if the primary binding asked for direct
     * dispatch, on the thread whose write woke it ({@link DirectDelivery}).
     */
    private final HandleWatcher watcher;
    private final int namespaceBit;
    private final SerialQueue defaultQueue;

    /** Serialises writes, so that a backlog goes out right after the message announcing its ID. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Held by whoever reads and routes the pipe: the watcher's turn, or a caller blocked on a future reading in
     * its place ({@link #readOnCaller}); so messages are routed one at a time, in the pipe's order. Taken before
     * {@link #writeLock} and {@link #lock}; taken only on a pipe that is not direct ({@link #lockReading}).
     */
    private final ReentrantLock readLock = new ReentrantLock();
    /**
     * The node of {@link #endpoint}, which a caller waits through ({@code Core.of}); found on the first caller wait
     * (a bound endpoint never moves). Guarded by {@link #readLock}.
     */
    private org.jmojo.system.Core node;
    /** Guarded by {@link #readLock}: the turns in which a caller read a message in the watcher's place; for tests. */
    private long callerReadTurns;
    /** Guarded by {@link #lock}: every ID known on this pipe; changed only through {@link #putSlot} and {@link #removeSlot}. */
    private final Map<Integer, Slot> slots = new HashMap<>();
    /**
     * Guarded by {@link #lock}: {@code slots.get(0)}, kept in step with {@link #slots}, so that every write and
     * read of the primary interface (nearly all the traffic) skips boxing the ID and hashing it ({@link #slot}).
     */
    private Slot primarySlot;
    /** Guarded by {@link #lock}: the next ID to try when minting (without the namespace bit). */
    private int nextId = 1;
    /** Guarded by {@link #lock}: the message whose endpoint is not bound yet; reading is paused while set. */
    private Message held;
    /**
     * Guarded by {@link #lock}: the held message was taken out for {@link #resume} and is not routed yet; reading
     * stays paused meanwhile (a caller reading in the watcher's place checks it, {@link #readOnCaller}).
     */
    private boolean resuming;
    /** Guarded by {@link #lock}: a caller reads in the watcher's place and has stopped it; it restarts it when done. */
    private boolean callerPaused;
    /** Guarded by {@link #lock}: the pipe is closed (failed, lost, or every endpoint closed). */
    private boolean closed;

    /** One interface endpoint ID of this pipe and this side's state for it. */
    static final class Slot {
        final int id;
        /** Minted by this side (else announced by the peer). */
        final boolean minted;
        /** Guarded by the connection's lock: the router bound to this side's end, once bound. */
        Router<?> router;
        /**
         * Guarded by the connection's lock: the tokens of the pending ends of this ID on this side
         * (minted: the remote end, then the receiver end; received: the one end); null once closed.
         */
        final End[] ends;
        /** Guarded by the connection's lock: the peer knows the ID (it announced it, or we sent an end). */
        boolean announced;
        /** Guarded by the connection's lock: which of {@link #ends} was sent (minted IDs), -1 before. */
        int sentIndex = -1;
        /** Guarded by the connection's lock: which of {@link #ends} the router was bound from, -1 before. */
        int boundIndex = -1;
        /** Guarded by the connection's lock: this side's end is closed (or was never claimed). */
        boolean localClosed;
        /** Guarded by the connection's lock: the peer closed its end. */
        boolean peerClosed;
        /** Guarded by the connection's lock: the reason the peer gave when it closed its end. */
        DisconnectReason peerReason;
        /**
         * Guarded by the connection's lock (and added to under its write lock, so that the order of
         * writes holds): messages written before the ID was announced.
         */
        final ArrayDeque<Queued> backlog = new ArrayDeque<>();

        Slot(int id, boolean minted) {
            this.id = id;
            this.minted = minted;
            this.ends = new End[minted ? 2 : 1];
        }

        /** Whether {@code end} is the current token of one of this slot's ends. */
        boolean holds(End end) {
            return end.index < ends.length && ends[end.index] == end;
        }
    }

    /**
     * The identity of one pending associated end on this side of a pipe. A pending end holds its token;
     * the connection holds only the token, so a pending end that is dropped becomes unreachable and its
     * cleaner can close it.
     */
    public static final class End {
        final Connection connection;
        final int id;
        /** 0: the remote end (or the one end of a received ID); 1: the receiver end of a minted pair. */
        final int index;

        End(Connection connection, int id, int index) {
            this.connection = connection;
            this.id = id;
            this.index = index;
        }

        /** The connection of the pipe this end belongs to. */
        public Connection connection() {
            return connection;
        }

        /** The interface ID. */
        public int id() {
            return id;
        }
    }

    /** How the router reads the token of a pending associated end; installed by those classes (same module). */
    private static volatile java.util.function.Function<Object, End> endAccess = o -> null;

    /** Installs the accessor of the tokens of pending associated ends. */
    public static void installEndAccess(java.util.function.Function<Object, End> access) {
        endAccess = Objects.requireNonNull(access, "access");
    }

    /** The token of the pending associated end {@code end}, null if it belongs to no pipe. */
    static End endOf(Object end) {
        return endAccess.apply(end);
    }

    private record Decoding(Connection connection, List<Integer> ids) {}

    private Connection(MessagePipeEndpoint endpoint, Router.Side primarySide, SerialQueue defaultQueue) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.namespaceBit = primarySide == Router.Side.CLIENT ? NAMESPACE_BIT : 0;
        this.defaultQueue = defaultQueue;
        this.watcher = new HandleWatcher(defaultQueue.isDirect() ? DirectDelivery.executor(READERS)
                : DirectDelivery.onReaderThread(READERS));
        Slot primary = new Slot(0, false);
        primary.announced = true;
        putSlot(primary);
    }

    /** A connection over {@code endpoint} whose primary interface is bound on {@code primarySide}; not reading yet. */
    static Connection open(MessagePipeEndpoint endpoint, Router.Side primarySide, SerialQueue defaultQueue) {
        return new Connection(endpoint, primarySide, defaultQueue);
    }

    /** The queue of the primary binding: where associated bindings dispatch by default, in one order with it. */
    public SerialQueue defaultQueue() {
        return defaultQueue;
    }

    /** Under {@link #lock}: the slot of {@code id}, null if the ID is not in the table. */
    private Slot slot(int id) {
        return id == 0 ? primarySlot : slots.get(id);
    }

    /** Under {@link #lock}: adds {@code slot} to the table. */
    private void putSlot(Slot slot) {
        slots.put(slot.id, slot);
        if (slot.id == 0) {
            primarySlot = slot;
        }
    }

    /** Under {@link #lock}: removes the slot of {@code id} from the table. */
    private void removeSlot(int id) {
        slots.remove(id);
        if (id == 0) {
            primarySlot = null;
        }
    }

    /** Starts reading; called once the primary router is attached. */
    void start() {
        watcher.start(endpoint, Signals.of(Signals.READABLE, Signals.PEER_CLOSED), this::onReadable);
    }

    // ---------------------------------------------------------------- associated endpoints

    /**
     * Mints a new ID for an associated pair made on this side and returns the tokens of its two ends
     * (the remote end, then the receiver end): one is to be sent, the other bound here. On a closed
     * pipe (which may close at any time) the pair is born disconnected: binding an end gives a
     * binding whose peer is gone, sending one is dropped with the message.
     */
    public End[] mint() {
        lock.lock();
        try {
            if (closed) {
                return new End[] {new End(this, NAMESPACE_BIT, 0), new End(this, NAMESPACE_BIT, 1)}; // never minted
            }
            int id;
            do {
                if (nextId <= 0) { // wrapped past 0x7FFFFFFF: IDs never reach the namespace bit
                    nextId = 1;
                }
                id = nextId++ | namespaceBit;
            } while (slots.containsKey(id));
            Slot slot = new Slot(id, true);
            slot.ends[0] = new End(this, id, 0);
            slot.ends[1] = new End(this, id, 1);
            putSlot(slot);
            return slot.ends.clone();
        } finally {
            lock.unlock();
        }
    }

    /** Closes {@code token}'s end once {@code holder}, the pending end holding it, becomes unreachable. */
    public static void closeWhenUnreachable(Object holder, End token) {
        CLEANER.register(holder, () -> token.connection.closeEnd(token));
    }

    /**
     * Closes this side's pending end {@code token}, unless it is bound (its router owns it), was sent
     * to the peer (the peer owns it) or was replaced: the peer learns the interface is closed.
     */
    public void closeEnd(End token) {
        lock.lock();
        try {
            Slot slot = slots.get(token.id);
            if (slot == null || slot.localClosed || slot.router != null || !slot.holds(token)
                    || (slot.minted && slot.announced && slot.sentIndex == token.index)) {
                return;
            }
        } finally {
            lock.unlock();
        }
        release(token.id, null);
    }

    /**
     * Called by the constructor of a pending associated end while a received message is decoded on
     * this thread: the token of the end, recorded in the slot of {@code interfaceId}; null when no
     * message announcing that ID is being decoded here (an end built by hand, which belongs to no
     * pipe). An end constructed later for the same ID in the same message replaces the earlier one
     * (a binding may rebuild the generated end with its own Java type).
     */
    public static End claimDecoded(int interfaceId, Object holder) {
        if (!DECODING.isBound()) {
            return null;
        }
        Decoding d = DECODING.get();
        if (!d.ids().contains(interfaceId)) {
            return null;
        }
        Connection c = d.connection();
        End token = new End(c, interfaceId, 0);
        c.lock.lock();
        try {
            Slot slot = c.slots.get(interfaceId);
            if (slot == null || slot.minted || slot.localClosed) {
                return null;
            }
            slot.ends[0] = token;
        } finally {
            c.lock.unlock();
        }
        closeWhenUnreachable(holder, token);
        return token;
    }

    /**
     * The ID to write for the pending end {@code token}, carried by a message about to be written on
     * this pipe.
     *
     * @throws IllegalArgumentException if the end was not made on this side of this pipe, was already
     *     sent, bound or closed, or is the end of its pair that is bound here
     */
    int idToSend(End token, Object end) {
        if (token == null || token.connection != this) {
            throw new IllegalArgumentException(end + " does not belong to this pipe: an associated endpoint can "
                    + "only travel on the pipe whose Remote or Receiver made it");
        }
        lock.lock();
        try {
            if (closed) {
                return token.id; // the message is dropped with the pipe
            }
            Slot slot = slots.get(token.id);
            if (slot == null || !slot.holds(token) || slot.localClosed) {
                throw new IllegalArgumentException(end + " is closed");
            }
            if (!slot.minted) {
                throw new IllegalArgumentException(end + " was received from the peer: bind it, it cannot be sent on");
            }
            if (slot.announced) {
                throw new IllegalArgumentException(end + " or the other end of its pair was already sent");
            }
            if (slot.router != null && slot.boundIndex == token.index) {
                throw new IllegalArgumentException(end + " is bound here; send the other end of its pair");
            }
            return token.id;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Binds {@code router} to its slot. If the held message is for this ID, routes it and resumes reading.
     *
     * @throws IllegalStateException if the end is closed, sent, or already bound
     */
    void attach(Router<?> router, End token) {
        String end = "the associated end with interface ID " + Integer.toUnsignedString(router.interfaceId());
        Message resume;
        DisconnectReason gone;
        lock.lock();
        try {
            Slot slot = slots.get(router.interfaceId());
            if (slot != null && (slot.localClosed || (token != null && !slot.holds(token)))) {
                throw new IllegalStateException(end + " is closed");
            }
            if (slot != null && slot.router != null) {
                throw new IllegalStateException(end + " is already bound (an associated pair has one end per side)");
            }
            if (slot != null && slot.minted && slot.announced && token != null && token.index == slot.sentIndex) {
                throw new IllegalStateException(end + " was sent to the peer; bind the other end of its pair");
            }
            if (slot == null || closed) {
                gone = DisconnectReason.peerClosed();
                resume = null;
            } else {
                slot.router = router;
                slot.boundIndex = token == null ? -1 : token.index;
                gone = slot.peerClosed ? (slot.peerReason != null ? slot.peerReason : DisconnectReason.peerClosed())
                        : null;
                resume = held != null && MessageHeader.read(MemorySegment.ofArray(held.bytes())).interfaceId()
                        == router.interfaceId() ? held : null;
                if (resume != null) {
                    held = null;
                    resuming = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (resume != null) {
            READERS.execute(() -> DirectDelivery.runTurn(() -> resume(resume)));
        }
        if (gone != null) {
            router.peerGone(gone);
        }
    }

    /**
     * Closes this side's end of {@code id} (a router closed, or a pending end was closed or dropped):
     * tells the peer (with {@code reason} if given) unless it closed its end already, and closes the
     * pipe once no end of this side is left.
     */
    void release(int id, DisconnectReason reason) {
        List<Message> tell = new ArrayList<>(1);
        List<Message> unsent = new ArrayList<>(0);
        Message resume = null;
        boolean closePipe;
        lock.lock();
        try {
            Slot slot = slots.get(id);
            if (slot == null || slot.localClosed || closed) {
                return;
            }
            slot.localClosed = true;
            // Written before the other end was sent, and now never to be written: nobody else closes their handles.
            for (Queued q : slot.backlog) {
                unsent.add(q.message());
            }
            slot.backlog.clear();
            boolean otherEndsLive = slots.values().stream().anyMatch(s -> !s.localClosed);
            if (slot.announced && !slot.peerClosed && (id != 0 || reason != null || otherEndsLive)) {
                tell.add(reason == null ? ControlMessages.endpointClosed(id, null, null)
                        : ControlMessages.endpointClosed(id, reason.customReason(), reason.description()));
            }
            if (slot.peerClosed || !slot.announced) {
                removeSlot(id);
            }
            closePipe = !otherEndsLive;
            if (held != null && MessageHeader.read(MemorySegment.ofArray(held.bytes())).interfaceId() == id) {
                resume = held;
                held = null;
                resuming = true;
            }
        } finally {
            lock.unlock();
        }
        if (closePipe && resume != null) {
            unsent.add(resume); // its endpoint was the last one: nothing will route it
        }
        closeHandles(unsent);
        writeInOrder(tell);
        if (closePipe) {
            closePipe();
        } else if (resume != null) {
            Message r = resume;
            READERS.execute(() -> DirectDelivery.runTurn(() -> resume(r)));
        }
    }

    /** Whether the pending end {@code token} still holds its ID here: neither bound, sent, replaced nor closed. */
    public boolean isPending(End token) {
        lock.lock();
        try {
            Slot slot = slots.get(token.id);
            return slot != null && !closed && !slot.localClosed && slot.holds(token) && slot.router == null
                    && !(slot.minted && slot.announced && slot.sentIndex == token.index);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code m} for interface {@code id}, after which each end in {@code carried} (a pending
     * associated end the message carries, checked with {@link #idToSend}) is announced and its
     * backlog follows. If {@code id} itself is not announced yet, {@code m} waits in its backlog. A
     * write for an ID this side closed is dropped.
     *
     * @return false if the interface or the pipe is closed, or the pipe refused the write
     */
    boolean write(int id, Message m, List<Object> carried) {
        DirectDelivery.State scope = DirectDelivery.enter();
        try {
            writeLock.lock();
            try {
                Slot slot;
                lock.lock();
                try {
                    slot = slot(id);
                    if (closed || slot == null || slot.localClosed) {
                        // This side closed the interface (or the pipe): the peer may already have forgotten its
                        // ID, so a late write of a closed binding must not reach the pipe (fuzzing found this).
                        m.closeHandles();
                        return false;
                    }
                    if (!slot.announced) {
                        slot.backlog.add(new Queued(m, carried));
                        return true;
                    }
                } finally {
                    lock.unlock();
                }
                return writeAndAnnounce(m, carried);
            } finally {
                writeLock.unlock();
            }
        } finally {
            DirectDelivery.exit(scope);
        }
    }

    /** A message waiting in a backlog, with the pending ends it carries. */
    private record Queued(Message message, List<Object> carried) {}

    /**
     * Under {@link #writeLock}. The carried IDs are marked announced before the write: once the
     * message is on the pipe the peer may close one at once, and its close event, read by this side's
     * reader, must find the ID known (fuzzing found that race). The backlogs follow the message.
     */
    private boolean writeAndAnnounce(Message m, List<Object> carried) {
        List<Queued> backlog = new ArrayList<>();
        if (!carried.isEmpty()) {
            lock.lock();
            try {
                for (Object carriedEnd : carried) {
                    End end = (End) carriedEnd;
                    Slot s = slots.get(end.id);
                    if (s != null && s.minted && !s.announced && s.holds(end)) {
                        s.announced = true;
                        s.sentIndex = end.index;
                        backlog.addAll(s.backlog);
                        s.backlog.clear();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        if (!writeRaw(m)) {
            for (Queued queued : backlog) {
                queued.message().closeHandles(); // they cannot follow a message that never went out
            }
            return false;
        }
        for (Queued queued : backlog) {
            writeAndAnnounce(queued.message(), queued.carried());
        }
        return true;
    }

    /**
     * Writes pipe-control messages under {@link #writeLock}, so a close event never overtakes a
     * backlog being flushed by another thread (the peer would forget the ID before its messages).
     */
    private void writeInOrder(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        DirectDelivery.State scope = DirectDelivery.enter();
        try {
            writeLock.lock();
            try {
                for (Message m : messages) {
                    writeRaw(m);
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            DirectDelivery.exit(scope);
        }
    }

    /**
     * Writes {@code m} on the pipe; false if the pipe is closed or the write was refused. A message that
     * does not go out has its handles closed: they are still the writer's after a failed write, and
     * nobody else holds them (their pending ends were emptied into the message).
     */
    private boolean writeRaw(Message m) {
        boolean written = false;
        try {
            MojoResult r = endpoint.writeMessage(m.bytes(), m.handles());
            if (r != MojoResult.OK) {
                LOG.log(System.Logger.Level.DEBUG, "write refused: {0}", r);
            }
            written = r == MojoResult.OK;
        } catch (InvalidHandleException closedMeanwhile) {
            // the pipe was closed meanwhile
        } finally {
            if (!written) {
                m.closeHandles();
            }
        }
        return written;
    }

    /** Closes the endpoint; a direct peer woken by it is read on this thread afterwards. */
    private void closeEndpoint() {
        DirectDelivery.State scope = DirectDelivery.enter();
        try {
            endpoint.close();
        } finally {
            DirectDelivery.exit(scope);
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the pipe because of an error on one of its interfaces: tells the peer {@code reason}
     * for every ID it knows, closes the pipe, and ends every router of this side with the reason.
     */
    void fail(DisconnectReason reason) {
        List<Router<?>> routers = new ArrayList<>();
        List<Integer> tell = new ArrayList<>();
        List<Message> unsent;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Slot s : slots.values()) {
                if (s.router != null) {
                    routers.add(s.router);
                }
                if (s.announced && !s.peerClosed && !s.localClosed) {
                    tell.add(s.id);
                }
            }
            unsent = takeUnsentLocked();
        } finally {
            lock.unlock();
        }
        closeHandles(unsent);
        watcher.cancel();
        writeInOrder(tell.stream().map(id -> ControlMessages.endpointClosed(id, reason.customReason(),
                reason.description())).toList());
        closeEndpoint();
        for (Router<?> r : routers) {
            r.pipeFailed(reason);
        }
    }

    /** The peer closed the pipe: every router of this side loses its peer, with the reason it sent, if any. */
    private void peerGone() {
        Map<Router<?>, DisconnectReason> routers = new HashMap<>();
        List<Message> unsent;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Slot s : slots.values()) {
                if (s.router != null && !s.localClosed) {
                    routers.put(s.router, s.peerReason != null ? s.peerReason : DisconnectReason.peerClosed());
                }
            }
            unsent = takeUnsentLocked();
        } finally {
            lock.unlock();
        }
        closeHandles(unsent);
        watcher.cancel();
        closeEndpoint();
        routers.forEach(Router::peerGone);
    }

    private void closePipe() {
        List<Message> unsent;
        lock.lock();
        try {
            closed = true;
            unsent = takeUnsentLocked();
        } finally {
            lock.unlock();
        }
        closeHandles(unsent);
        watcher.cancel();
        closeEndpoint();
    }

    /**
     * Under {@link #lock}, once {@link #closed} is set: takes the messages that will never be written
     * (the backlogs) or routed (the held message), whose handles nobody else will close.
     */
    private List<Message> takeUnsentLocked() {
        List<Message> unsent = new ArrayList<>(0);
        for (Slot s : slots.values()) {
            for (Queued q : s.backlog) {
                unsent.add(q.message());
            }
            s.backlog.clear();
        }
        if (held != null) {
            unsent.add(held);
            held = null;
        }
        return unsent;
    }

    private static void closeHandles(List<Message> messages) {
        for (Message m : messages) {
            m.closeHandles();
        }
    }

    // ---------------------------------------------------------------- reading

    private void onReadable(MojoResult result, SignalsState state) {
        if (result == MojoResult.CANCELLED) {
            return; // we closed the endpoint, or paused reading
        }
        boolean locked = lockReading();
        try {
            if (result != MojoResult.OK) {
                peerGone();
                return;
            }
            readAvailable();
        } finally {
            if (locked) {
                readLock.unlock();
            }
        }
    }

    /**
     * Takes {@link #readLock} unless the pipe is direct; whether it took it. A direct pipe is read only by its
     * watcher's turns, one at a time (a caller never reads it: {@link Router} asks only on a pipe that is not
     * direct), so it skips the lock, two per direct call.
     */
    private boolean lockReading() {
        if (defaultQueue.isDirect()) {
            return false;
        }
        readLock.lock();
        return true;
    }

    /** What {@link #readAvailable} found. */
    enum ReadOutcome { EMPTY, READ, STOPPED }

    /** Under {@link #readLock}: reads and routes up to {@link Router#READ_BUDGET} messages. */
    private ReadOutcome readAvailable() {
        for (int i = 0; i < Router.READ_BUDGET; i++) {
            ReadResult read;
            try {
                read = endpoint.readMessage();
            } catch (InvalidHandleException closedMeanwhile) {
                return ReadOutcome.STOPPED;
            }
            if (read.result() == MojoResult.SHOULD_WAIT) {
                return i == 0 ? ReadOutcome.EMPTY : ReadOutcome.READ;
            }
            if (read.result() != MojoResult.OK) {
                peerGone();
                return ReadOutcome.STOPPED;
            }
            if (route(read.message()) != Routed.GO_ON) {
                return ReadOutcome.STOPPED;
            }
        }
        return ReadOutcome.READ;
    }

    /**
     * How long a caller reading in place of the reader waits on the pipe before it looks again at what else may
     * need it (its queue, a sync request to serve, a deadline, a close by another thread).
     */
    static final long CALLER_WAIT_SLICE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * Reads and routes this pipe on the calling thread, a platform thread blocked on {@code done}, and runs
     * {@code queue}'s tasks here (the completions the routing queued, in order), until {@code done} completes,
     * the deadline passes ({@code timed}) or the thread is interrupted. Between messages it waits on the pipe
     * itself ({@link #readOnce}), so no reader thread and no callback thread has to wake it. Returns at once,
     * leaving the waiting to the caller, if another thread is draining {@code queue} (a callback of this queue
     * blocking on a future of it), if another caller reads the pipe, if reading is paused or the pipe is closed.
     */
    void readOnCaller(java.util.concurrent.CompletableFuture<?> done, SerialQueue queue, boolean timed, long deadline) {
        if (!queue.borrow()) {
            return;
        }
        boolean paused = false;
        try {
            while (!done.isDone() && !Thread.currentThread().isInterrupted()
                    && (!timed || deadline - System.nanoTime() > 0)) {
                if (queue.hasTasks()) {
                    if (paused) {
                        // A task is user code, which may block on this pipe (a sync call): the watcher reads meanwhile.
                        paused = false;
                        unpauseWatcher();
                    }
                    queue.runBorrowed();
                    continue;
                }
                if (!paused) {
                    paused = pauseForCaller();
                    if (!paused) {
                        return;
                    }
                }
                if (readOnce(() -> !done.isDone() && !queue.hasTasks(), CALLER_WAIT_SLICE_NANOS) == ReadOutcome.STOPPED) {
                    return;
                }
            }
        } finally {
            if (paused) {
                unpauseWatcher();
            }
            queue.giveBack();
        }
    }

    /**
     * On a caller that {@link #pauseForCaller paused} the watcher: one turn of reading in its place. Reads and
     * routes what is queued; if nothing was and {@code keepWaiting} still holds, waits on the pipe for at most
     * {@code maxWaitNanos} (capped at {@link #CALLER_WAIT_SLICE_NANOS}) with {@code Core.wait}, which takes the
     * channel's read token when the peer is in another process, so the message's bytes are read by this thread.
     * The wait holds {@link #readLock}, so no other reader takes the next message between the check and the wait.
     * Runs as a turn ({@link DirectDelivery}): a direct binding on this pipe dispatches after it, with
     * {@link #readLock} released, as on the watcher's thread.
     *
     * @return {@code STOPPED} if reading is paused for a held message, or the pipe is closed or lost (the caller
     *     then stops reading and waits as any waiter does); else whether it read
     */
    ReadOutcome readOnce(java.util.function.BooleanSupplier keepWaiting, long maxWaitNanos) {
        ReadOutcome[] outcome = new ReadOutcome[1];
        DirectDelivery.runTurn(() -> {
            readLock.lock();
            try {
                if (readingPaused()) {
                    outcome[0] = ReadOutcome.STOPPED; // a held message goes first: its binding resumes reading
                    return;
                }
                outcome[0] = readAvailable();
                if (outcome[0] == ReadOutcome.READ) {
                    callerReadTurns++;
                }
                if (outcome[0] == ReadOutcome.EMPTY && keepWaiting.getAsBoolean()) {
                    outcome[0] = waitOnPipe(Math.min(maxWaitNanos, CALLER_WAIT_SLICE_NANOS));
                }
            } finally {
                readLock.unlock();
            }
        });
        return outcome[0];
    }

    /**
     * Whether the pipe's peer is in another process now ({@link Signals#PEER_REMOTE}): one signals query, asked at
     * every blocking wait of a remote reading {@code AUTO}, so a peer that moved since is seen. False once closed.
     */
    boolean peerIsRemote() {
        try {
            return endpoint.querySignalsState().satisfiesAll(Signals.PEER_REMOTE);
        } catch (InvalidHandleException closed) {
            return false;
        }
    }

    /**
     * A caller is about to read in the watcher's place: stops the watcher, and returns true, unless another caller
     * reads already, reading is paused for a held message, or the pipe is closed (then false: the caller waits as any
     * waiter does, and whoever reads wakes it). Undo with {@link #unpauseWatcher}. Not on a direct pipe.
     */
    boolean pauseForCaller() {
        lock.lock();
        try {
            if (callerPaused || closed || held != null || resuming) {
                return false;
            }
            callerPaused = true;
        } finally {
            lock.unlock();
        }
        watcher.cancel(); // a turn already running finishes, before this thread's read (readLock)
        return true;
    }

    /** Ends a {@link #pauseForCaller}: restarts the watcher, unless reading is paused for a held message or closed. */
    void unpauseWatcher() {
        boolean restart;
        lock.lock();
        try {
            callerPaused = false;
            restart = !closed && held == null && !resuming; // else resume() restarts it, or nothing is left to read
        } finally {
            lock.unlock();
        }
        if (restart) {
            startWatching();
        }
    }

    /** Starts (or restarts) the watcher; a pipe closed meanwhile has nothing to read. */
    private void startWatching() {
        try {
            watcher.start(endpoint, Signals.of(Signals.READABLE, Signals.PEER_CLOSED), this::onReadable);
        } catch (InvalidHandleException closedMeanwhile) {
            // the pipe was closed meanwhile; nothing to read
        }
    }

    /**
     * Under {@link #readLock}, for {@link #readOnce}: waits on the pipe for a message or the peer's close, for at
     * most {@code nanos}.
     */
    private ReadOutcome waitOnPipe(long nanos) {
        org.jmojo.system.WaitResult waited;
        try {
            if (node == null) {
                node = org.jmojo.system.Core.of(endpoint); // the pipe may be another node's than the process's
            }
            waited = node.wait(endpoint, Signals.of(Signals.READABLE, Signals.PEER_CLOSED),
                    org.jmojo.system.Deadline.after(java.time.Duration.ofNanos(Math.max(1, nanos))));
        } catch (InvalidHandleException closedMeanwhile) {
            return ReadOutcome.STOPPED;
        }
        // OK or FAILED_PRECONDITION: the next read takes the message or sees the peer gone; DEADLINE_EXCEEDED:
        // the caller looks again; CANCELLED: closed meanwhile.
        return waited.result() == MojoResult.CANCELLED ? ReadOutcome.STOPPED : ReadOutcome.READ;
    }

    /** Routes the held message once its endpoint is bound or closed, then reads on. */
    private void resume(Message m) {
        Routed routed;
        boolean locked = lockReading();
        try {
            routed = route(m);
        } finally {
            if (locked) {
                readLock.unlock();
            }
        }
        boolean restart;
        lock.lock();
        try {
            resuming = false;
            restart = routed == Routed.GO_ON && !closed && held == null && !callerPaused; // else the caller restarts it
        } finally {
            lock.unlock();
        }
        if (restart) {
            startWatching();
        }
    }

    private enum Routed { GO_ON, HELD, CLOSED }

    /** Handles one message. */
    private Routed route(Message m) {
        MemorySegment bytes = MemorySegment.ofArray(m.bytes());
        try {
            MessageHeader header = Validator.validateHeader(bytes);
            if (header.interfaceId() == MessageHeader.INVALID_INTERFACE_ID) {
                pipeControl(m);
                return isClosed() ? Routed.CLOSED : Routed.GO_ON;
            }
            Router<?> router;
            boolean drop;
            lock.lock();
            try {
                if (closed) {
                    m.closeHandles();
                    return Routed.CLOSED;
                }
                Slot slot = slot(header.interfaceId());
                if (slot == null) {
                    router = null;
                    drop = false;
                } else if (slot.localClosed) {
                    router = null;
                    drop = true;
                } else if (slot.router == null) {
                    held = m;
                    watcher.cancel(); // paused: resumed by attach or release
                    return Routed.HELD;
                } else {
                    router = slot.router;
                    drop = false;
                }
            } finally {
                lock.unlock();
            }
            if (drop) {
                // Ends the dropped message announces are closed at once, so the peer learns.
                decodeScoped(header, m, () -> null);
                m.closeHandles();
                return Routed.GO_ON;
            }
            if (router == null) {
                m.closeHandles();
                BadMessageCounters.record(org.jmojo.bindings.BadMessages.PROTOCOL_ERROR);
                fail(new DisconnectReason(Kind.PROTOCOL_ERROR, DisconnectReason.PROTOCOL_ERROR_CODE,
                        "message for interface ID " + Integer.toUnsignedString(header.interfaceId())
                                + ", which is not an interface of this pipe"));
                return Routed.CLOSED;
            }
            router.accept(m, bytes, header);
        } catch (ValidationException e) {
            m.closeHandles();
            BadMessageCounters.record(e.error().name());
            fail(new DisconnectReason(Kind.VALIDATION_FAILED, DisconnectReason.VALIDATION_FAILED_CODE,
                    e.error().name() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            // A bug of the bindings or of a binding: the pipe cannot be trusted any more.
            LOG.log(System.Logger.Level.ERROR, "reading a message failed; closing the pipe", e);
            m.closeHandles();
            fail(new DisconnectReason(Kind.PROTOCOL_ERROR, DisconnectReason.PROTOCOL_ERROR_CODE,
                    "the message could not be handled: " + e));
        }
        return isClosed() ? Routed.CLOSED : Routed.GO_ON;
    }

    /** Whether a message is held until its endpoint is bound or closed (reading paused); for tests. */
    boolean isHolding() {
        lock.lock();
        try {
            return held != null;
        } finally {
            lock.unlock();
        }
    }

    /** The turns in which a caller read a message in the watcher's place ({@link #readOnce}); for tests. */
    long callerReadTurns() {
        readLock.lock();
        try {
            return callerReadTurns;
        } finally {
            readLock.unlock();
        }
    }

    /** Whether reading is paused for a held message (or its resumption), or the pipe is closed. */
    private boolean readingPaused() {
        lock.lock();
        try {
            return closed || held != null || resuming;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** A step of decoding that may throw a validation error. */
    @FunctionalInterface
    interface DecodeStep<T> {
        T run() throws ValidationException;
    }

    /**
     * Registers the IDs {@code header}'s payload interface-ID array announces, runs {@code decode}
     * (pending ends it constructs claim their IDs), then closes the announced IDs nothing claimed.
     *
     * @throws ValidationException {@code ILLEGAL_INTERFACE_ID} if an announced ID is already in use here
     */
    <T> T decodeScoped(MessageHeader header, Message m, DecodeStep<T> decode) throws ValidationException {
        if (header.interfaceIdsOffset() == 0) {
            return decode.run();
        }
        MemorySegment bytes = MemorySegment.ofArray(m.bytes());
        long at = header.interfaceIdsOffset();
        int n = bytes.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, at + 4);
        List<Integer> ids = new ArrayList<>(n);
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                int id = bytes.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, at + 8 + 4L * i);
                if (slots.containsKey(id)) {
                    for (int registered : ids) {
                        removeSlot(registered);
                    }
                    throw ValidationException.interfaceIdInUse(at + 8 + 4L * i, Integer.toUnsignedLong(id));
                }
                Slot slot = new Slot(id, false);
                slot.announced = true;
                putSlot(slot);
                ids.add(id);
            }
        } finally {
            lock.unlock();
        }
        T value;
        try {
            value = decode(ids, decode);
        } finally {
            List<Integer> unclaimed = new ArrayList<>();
            lock.lock();
            try {
                for (int id : ids) {
                    Slot slot = slots.get(id);
                    if (slot != null && slot.ends[0] == null) {
                        unclaimed.add(id);
                    }
                }
            } finally {
                lock.unlock();
            }
            for (int id : unclaimed) {
                release(id, null);
            }
        }
        return value;
    }

    private <T> T decode(List<Integer> ids, DecodeStep<T> decode) throws ValidationException {
        try {
            return ScopedValue.where(DECODING, new Decoding(this, ids)).call(decode::run);
        } catch (ValidationException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void pipeControl(Message m) throws ValidationException {
        ControlMessages.EndpointClosed event = ControlMessages.endpointClosedEvent(m);
        if (event == null) {
            return; // pause/flush requests: this implementation does not use them
        }
        DisconnectReason reason = event.reason() != null ? event.reason() : DisconnectReason.peerClosed();
        Router<?> router = null;
        boolean unknown = false;
        lock.lock();
        try {
            Slot slot = slots.get(event.id());
            if (slot == null || !slot.announced) {
                unknown = true;
            } else if (!slot.peerClosed) {
                slot.peerClosed = true;
                slot.peerReason = event.reason();
                if (slot.localClosed) {
                    removeSlot(event.id());
                } else {
                    router = slot.router; // null if not bound yet: it learns when bound
                }
            }
        } finally {
            lock.unlock();
        }
        if (unknown) {
            BadMessageCounters.record(org.jmojo.bindings.BadMessages.PROTOCOL_ERROR);
            fail(new DisconnectReason(Kind.PROTOCOL_ERROR, DisconnectReason.PROTOCOL_ERROR_CODE,
                    "the peer closed interface ID " + Integer.toUnsignedString(event.id())
                            + ", which it never learned on this pipe"));
            return;
        }
        if (router != null) {
            router.peerGone(reason);
        }
    }

}
