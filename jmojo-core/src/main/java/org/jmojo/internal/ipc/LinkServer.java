package org.jmojo.internal.ipc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.Errno;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.Os;
import org.jmojo.internal.platform.Poller;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.MergeResult;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;

/**
 * The serving side of a named endpoint (docs/processes.md, "Named endpoints"; the public face is
 * {@code org.jmojo.system.NamedEndpoint}): a listening socket at a path the user chose, through which processes of
 * this user that were given only the path connect and each get a new message pipe to this process.
 *
 * <p><b>The path.</b> {@link #listen} first takes an exclusive lock on {@code PATH.lock} (made owner-only and left
 * in place: removing it would let two servers lock two different files), so two servers never race for one path;
 * a server that holds the lock is alive (the kernel drops a dead process's lock). Holding it, a socket file left
 * at the path is stale if connecting to it is refused: it is removed and replaced. A path whose lock is held, or
 * where something still accepts connections, or that is not a socket, is never taken (ALREADY_EXISTS). The socket
 * file is made owner-only (0600) before it listens. {@link #close} removes the socket file and drops the lock.
 *
 * <p><b>Who may connect.</b> The acceptor thread reads each connection's peer credentials ({@code SO_PEERCRED});
 * a peer of another uid ({@link #uidRefusal}) is answered hello-ack{REFUSED} and cut off, so its side gets a clear
 * PERMISSION_DENIED (the socket's mode already keeps other users out, except root). Accepted connectors join this
 * node's network as broker clients (decision, docs/processes.md): this node is, or becomes, a broker.
 *
 * <p><b>The pipe.</b> A connector makes a local pipe, keeps one end, expects a merge from this node into the other
 * and sends request-port-merge{that port, ""}; this node makes a local pipe, merges one end into the connector's
 * port (merge-port, the ports layer's remote merge) and queues the other for {@link #accept}. Once per connection.
 *
 * <p>Thread-safe. {@link #accepted} and {@link #closed} are guarded by this object's monitor, never held while
 * calling a jmojo API (endpoints are closed after it is released); the socket, lock and eventfd belong to the
 * acceptor thread after {@link #listen} and are released by it when it ends.
 */
public final class LinkServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jmojo.ipc");
    private static final int BACKLOG = 128;

    private final LocalCore core;
    private final NodeChannels channels;
    private final Path path;
    private final int expectedUid;
    private final FileChannel lockFile;
    private final Fd listener;
    private final EventFd wakeup;
    private final Thread acceptor;
    // @GuardedBy("this") pipes whose connector has asked for them, not yet accepted; closed by close()
    private final ArrayDeque<MessagePipeEndpoint> accepted = new ArrayDeque<>();
    // @GuardedBy("this")
    private boolean closed;

    private LinkServer(LocalCore core, NodeChannels channels, Path path, int expectedUid, FileChannel lockFile,
            Fd listener, EventFd wakeup) {
        this.core = core;
        this.channels = channels;
        this.path = path;
        this.expectedUid = expectedUid;
        this.lockFile = lockFile;
        this.listener = listener;
        this.wakeup = wakeup;
        this.acceptor = Thread.ofPlatform().daemon(true).name("jmojo-named-" + path.getFileName()).unstarted(this::acceptLoop);
    }

    /**
     * Listens at {@code path} on {@code core}'s node, accepting processes of this process's uid.
     *
     * @throws MojoException ALREADY_EXISTS if a live server holds the path, something else accepts connections
     *     there, or a file that is not a socket is in the way; UNAVAILABLE if the socket or lock cannot be made
     * @throws IllegalArgumentException if the path does not fit a socket address (107 bytes)
     */
    public static LinkServer listen(LocalCore core, Path path) {
        return listen(core, path, Os.uid());
    }

    /** {@link #listen(LocalCore, Path)} accepting processes of {@code expectedUid} only (tests: another uid). */
    static LinkServer listen(LocalCore core, Path path, int expectedUid) {
        Objects.requireNonNull(core, "core");
        Path absolute = checkPath(path).toAbsolutePath();
        checkPath(absolute);
        NodeChannels channels = channelsOf(core);
        // The lock first: a path held by a live server is refused before this node is marked a broker.
        FileChannel lockFile = lockPath(absolute);
        channels.markLinkServer();
        Fd listener = null;
        try {
            listener = UnixSocket.listenReplacingStale(absolute, BACKLOG);
            LinkServer server = new LinkServer(core, channels, absolute, expectedUid, lockFile, listener, new EventFd());
            server.acceptor.start();
            return server;
        } catch (NativeException e) {
            closeQuietly(lockFile);
            if (listener != null) {
                listener.close();
            }
            if (e.errno() == Errno.EADDRINUSE) {
                throw new MojoException(MojoResult.ALREADY_EXISTS, "named endpoint " + absolute + ": something still "
                        + "accepts connections there, or the file is not a socket; it is left alone", e);
            }
            throw new MojoException(MojoResult.UNAVAILABLE, "named endpoint " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lockFile);
            if (listener != null) {
                listener.close();
            }
            throw e;
        }
    }

    /** Longest socket path, in UTF-8 bytes: {@code sun_path} holds 108 with the terminating NUL. */
    private static final int MAX_PATH = 107;

    /**
     * {@code path}, checked before anything is made or marked: it must fit a socket address.
     *
     * @throws IllegalArgumentException if it is longer than 107 bytes of UTF-8 or contains NUL
     */
    static Path checkPath(Path path) {
        String s = Objects.requireNonNull(path, "path").toString();
        int length = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > MAX_PATH || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("named endpoint path " + path + ": " + length + " bytes of UTF-8"
                    + (s.indexOf('\0') >= 0 ? " with a NUL" : "") + "; a socket path is at most " + MAX_PATH
                    + " bytes without NUL");
        }
        return path;
    }

    /** The channels of {@code core}'s node, made on first use. @throws MojoException UNAVAILABLE if they cannot be */
    static NodeChannels channelsOf(LocalCore core) {
        try {
            return NodeChannels.of(core);
        } catch (NativeException e) {
            throw new MojoException(MojoResult.UNAVAILABLE, "cannot start this node's I/O thread: " + e.getMessage(), e);
        }
    }

    /** Opens {@code PATH.lock} (owner-only) and locks it, or fails: a live server has the path. */
    private static FileChannel lockPath(Path socket) {
        Path lock = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel file;
        try {
            file = FileChannel.open(lock, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new MojoException(MojoResult.UNAVAILABLE, "named endpoint " + socket + ": cannot open its lock file "
                    + lock + ": " + e, e);
        }
        FileLock held;
        try {
            held = file.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            held = null;
        } catch (IOException e) {
            closeQuietly(file);
            throw new MojoException(MojoResult.UNAVAILABLE, "named endpoint " + socket + ": cannot lock " + lock + ": " + e, e);
        }
        if (held == null) {
            closeQuietly(file);
            throw new MojoException(MojoResult.ALREADY_EXISTS, "named endpoint " + socket + ": a live server listens "
                    + "there (it holds " + lock + "); its path is not taken");
        }
        return file; // the lock lives as long as the channel
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not close a named endpoint's lock file", e);
        }
    }

    /**
     * Why a connection from a process of {@code peerUid} is refused by a server that accepts {@code expectedUid}, or
     * null if it is accepted: only the same uid is (docs/architecture.md §4, decision: no other uid in version 1).
     */
    static String uidRefusal(int peerUid, int expectedUid) {
        return peerUid == expectedUid ? null : "its uid " + peerUid + " is not " + expectedUid
                + ": a named endpoint accepts only processes of its own user";
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    /**
     * The next connector's pipe, waiting up to {@code timeout}; empty if none came in time.
     *
     * @throws IllegalStateException if the server is closed
     */
    public Optional<MessagePipeEndpoint> accept(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (;;) {
                if (closed) {
                    throw new IllegalStateException("named endpoint " + path + " is closed");
                }
                MessagePipeEndpoint next = accepted.poll();
                if (next != null) {
                    return Optional.of(next);
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * Stops listening: the socket file is removed, the lock dropped, and pipes not yet accepted are closed (their
     * connectors see PEER_CLOSED). Connections already made stay. Returns once the path is free. Idempotent.
     */
    @Override
    public void close() {
        List<MessagePipeEndpoint> unclaimed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            unclaimed = new ArrayList<>(accepted);
            accepted.clear();
            notifyAll();
        }
        unclaimed.forEach(MessagePipeEndpoint::close);
        try {
            wakeup.signal();
        } catch (NativeException | IllegalStateException e) {
            // The acceptor has ended (and closed the eventfd): nothing to wake.
        }
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many pipes wait for {@link #accept} (tests). */
    synchronized int queued() {
        return accepted.size();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void acceptLoop() {
        try (Poller poller = new Poller(2)) {
            poller.set(0, listener, Poller.IN);
            poller.set(1, wakeup.fd(), Poller.IN);
            while (!isClosed()) {
                poller.poll(-1);
                if (poller.ready(0) != 0) {
                    for (Fd connection; !isClosed() && (connection = UnixSocket.accept(listener)) != null; ) {
                        admit(connection);
                    }
                }
            }
        } catch (NativeException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "named endpoint " + path + ": the acceptor failed; it stops listening", e);
        } finally {
            listener.close();
            wakeup.close();
            try {
                Os.unlink(path); // ours: nobody else may bind it while we hold the lock
            } catch (NativeException e) {
                LOG.log(System.Logger.Level.WARNING, "named endpoint: could not remove " + path, e);
            }
            closeQuietly(lockFile);
            close();
        }
    }

    /** Reads a connection's credentials and hands it, with the verdict, to the I/O thread for its hello. */
    private void admit(Fd connection) {
        try {
            UnixSocket.PeerCredentials who = UnixSocket.peerCredentials(connection);
            String refusal = uidRefusal(who.uid(), expectedUid);
            if (refusal != null) {
                LOG.log(System.Logger.Level.WARNING, "named endpoint {0}: refusing pid {1}: {2}", path, who.pid(), refusal);
            }
            channels.acceptLinkConnector(connection, new Connection(refusal));
        } catch (NativeException | RuntimeException e) {
            connection.close();
            LOG.log(System.Logger.Level.WARNING, "named endpoint " + path + ": dropped a connection", e);
        }
    }

    /** One connector's handshake and pipe request, on the I/O thread. */
    private final class Connection implements NodeChannels.InvitationParty {
        private final String uidRefusal;
        private final AtomicBoolean served = new AtomicBoolean();

        Connection(String uidRefusal) {
            this.uidRefusal = uidRefusal;
        }

        @Override
        public String connectorRefusal(Id128 broker) {
            if (uidRefusal != null) {
                return uidRefusal;
            }
            return isClosed() ? "the named endpoint " + path + " is closed" : null;
        }

        @Override
        public void connected(NodeChannels.Peer peer, NodeName node) {}

        @Override
        public void portRequested(NodeChannels.Peer peer, PortName port, String name) {
            if (!name.isEmpty() || !served.compareAndSet(false, true)) {
                peer.channel().close(CloseReason.BAD_STATE, "request-port-merge for \"" + name
                        + "\": a named endpoint's connector asks once, for the unnamed pipe");
                return;
            }
            PortRef[] pair = core.node().createPortPair();
            channels.tagPipe(pair[0], pair[1], peer.node());
            MergeResult r = core.node().mergeWithRemotePort(pair[1], core.node().owner(pair[1]), peer.node(), port);
            MessagePipeEndpoint mine = core.endpointFor(pair[0]);
            if (r != MergeResult.OK) { // a fresh local pair always merges; kept so a failure is not silent
                core.node().closePort(pair[1]);
                mine.close();
                peer.channel().close(CloseReason.LOCAL, "merging the connector's pipe failed: " + r);
                return;
            }
            if (peer.viaNetwork()) {
                peer.channel().closeAfterGoodbye(); // the merge goes through the network: this socket has done its part
            }
            boolean queued;
            synchronized (LinkServer.this) {
                queued = !closed && accepted.add(mine);
                LinkServer.this.notifyAll();
            }
            if (!queued) {
                mine.close(); // closed meanwhile: the connector sees PEER_CLOSED
            }
        }

        @Override
        public void ended(NodeChannels.Peer peer, CloseReason reason, String detail) {}
    }
}
