package org.jmojo.internal.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.Os;
import org.jmojo.internal.platform.Poller;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;

/**
 * The inviting side of an invitation (docs/processes.md; the public face is
 * {@code org.jmojo.system.OutgoingInvitation}). This node acts as the invitee's broker.
 *
 * <p>Life: pipes are attached ({@link #attach}); {@link #listen} makes an owner-only (0700) directory with a
 * listening socket, a one-time token and the bootstrap port, and starts the acceptor thread. The acceptor
 * accepts connections whose peer has this process's uid (and, for a launched child, its pid), and hands each to
 * the node's I/O thread, which reads its hello. The first hello with the token wins ({@link #state} LISTENING →
 * CONNECTED, once); the acceptor then closes the listener and removes the directory. When the invitee sends
 * request-port-merge for the bootstrap pipe, the bootstrap message carrying every attached pipe goes out on it.
 * No accepted hello before the deadline, the launched child's exit or {@link #withdraw} before that: the attached
 * pipes are closed, so their near ends see PEER_CLOSED.
 *
 * <p>Thread-safe. {@link #farEnds} and the listening resources are guarded by this object's monitor, which is
 * taken before any jmojo lock (attaching makes a pipe under it, listening makes the bootstrap port) and never
 * under one; the state is an atomic.
 */
public final class Inviter {
    private static final System.Logger LOG = System.getLogger("org.jmojo.ipc");
    /** How long the invitation waits for its invitee's hello (docs/architecture.md §4: 30 s). */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private static final int ATTACHING = 0;
    private static final int LISTENING = 1;
    private static final int CONNECTED = 2;
    private static final int FAILED = 3;

    private final LocalCore core;
    private final AtomicInteger state = new AtomicInteger(ATTACHING);
    // @GuardedBy("this") name -> the far end of each attached pipe, in attaching order
    private final Map<String, MessagePipeEndpoint> farEnds = new LinkedHashMap<>();
    /** Set once: the far ends went out in the bootstrap message, or were closed. */
    private final AtomicBoolean farEndsReleased = new AtomicBoolean();
    private final CompletableFuture<NodeName> outcome = new CompletableFuture<>();
    /** Completed by the acceptor thread once the listener is closed and its socket and directory removed. */
    private final CompletableFuture<Void> listenerRemoved = new CompletableFuture<>();

    // Set by listen(), read by the acceptor thread and the I/O thread afterwards (published by the thread start).
    private NodeChannels channels;
    private byte[] token;
    private PortRef bootstrapPort;
    private Path directory;
    private Path socketPath;
    private Fd listener;
    private EventFd wakeup;
    private volatile long expectedPid;
    private volatile NodeChannels.Peer invitee;
    private String connectionString;

    public Inviter(LocalCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    /**
     * Attaches a new pipe under {@code name}; returns the near end, whose peer goes to the invitee.
     *
     * @throws IllegalArgumentException for a name used already, empty or longer than 256 bytes of UTF-8
     * @throws IllegalStateException once the invitation listens
     */
    public MessagePipeEndpoint attach(String name) {
        Bootstrap.checkName(Objects.requireNonNull(name, "name"));
        synchronized (this) {
            if (state.get() != ATTACHING) {
                throw new IllegalStateException("attachMessagePipe(\"" + name + "\"): the invitation was already handed "
                        + "out (connectionString or launch); attach every pipe before");
            }
            if (farEnds.containsKey(name)) {
                throw new IllegalArgumentException("attachMessagePipe(\"" + name + "\"): that name is attached already");
            }
            MessagePipe pipe = core.createMessagePipe();
            farEnds.put(name, pipe.end1());
            return pipe.end0();
        }
    }

    /**
     * Starts listening (once) and returns the connection string; {@code pid}, if not 0, is the only process whose
     * connection is accepted (set it before the acceptor starts, see {@link #startAccepting}).
     */
    public synchronized String listen() throws NativeException, IOException {
        if (connectionString != null) {
            return connectionString;
        }
        if (state.get() != ATTACHING) {
            throw new IllegalStateException("the invitation is closed");
        }
        channels = NodeChannels.of(core);
        channels.markInviter();
        token = new byte[16];
        new SecureRandom().nextBytes(token);
        directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "jmojo-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socketPath = directory.resolve("invitation");
        try {
            listener = UnixSocket.listen(socketPath, 16);
            wakeup = new EventFd();
        } catch (NativeException | RuntimeException e) {
            cleanUpListener();
            throw e;
        }
        bootstrapPort = core.node().createUninitializedPort();
        connectionString = Bootstrap.connectionString(socketPath, tokenId(), bootstrapPort.name());
        state.set(LISTENING);
        return connectionString;
    }

    /** Accepts only connections from process {@code pid} (a launched child). Call before {@link #startAccepting}. */
    public void expectPid(long pid) {
        expectedPid = pid;
    }

    /** Starts the acceptor thread (after {@link #listen}); it runs until the deadline at most. */
    public synchronized void startAccepting(Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        Thread.ofPlatform().daemon(true).name("jmojo-invitation-" + socketPath.getParent().getFileName())
                .start(() -> acceptUntil(until));
    }

    private Id128 tokenId() {
        long low = 0;
        long high = 0;
        for (int i = 0; i < 8; i++) {
            low |= (token[i] & 0xFFL) << (8 * i);
            high |= (token[8 + i] & 0xFFL) << (8 * i);
        }
        return new Id128(low, high);
    }

    private void acceptUntil(long deadlineNanos) {
        try (Poller poller = new Poller(2)) {
            poller.set(0, listener, Poller.IN);
            poller.set(1, wakeup.fd(), Poller.IN);
            while (state.get() == LISTENING) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                poller.poll((int) Math.min(Integer.MAX_VALUE, Math.max(1, remaining / 1_000_000)));
                if (poller.ready(0) != 0) {
                    for (Fd connection; state.get() == LISTENING && (connection = UnixSocket.accept(listener)) != null; ) {
                        admit(connection);
                    }
                }
            }
        } catch (NativeException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "invitation acceptor failed; the invitation is withdrawn", e);
        } finally {
            cleanUpListener();
            if (state.compareAndSet(LISTENING, FAILED)) {
                fail("no invitee presented the token in time (or the invitation was withdrawn)");
            }
        }
    }

    /** Checks a connection's credentials and hands it to the I/O thread for its hello. */
    private void admit(Fd connection) throws NativeException {
        UnixSocket.PeerCredentials who = UnixSocket.peerCredentials(connection);
        long pid = expectedPid;
        if (who.uid() != Os.uid() || (pid != 0 && who.pid() != pid)) {
            LOG.log(System.Logger.Level.WARNING, "invitation: refused a connection from uid {0} pid {1} (expected uid {2}{3})",
                    who.uid(), who.pid(), Os.uid(), pid != 0 ? " pid " + pid : "");
            connection.close();
            return;
        }
        channels.acceptInvitee(connection, new Party());
    }

    /** Ends the invitation if nobody has connected yet (the launched child exited, or the user withdrew it). */
    public void withdraw() {
        if (state.compareAndSet(ATTACHING, FAILED)) {
            fail("the invitation was closed before it was handed out");
        } else if (state.compareAndSet(LISTENING, FAILED)) {
            wake(); // the acceptor sees the state and removes the listener
            fail("the invitation was withdrawn before an invitee connected");
        }
    }

    private void wake() {
        try {
            wakeup.signal();
        } catch (NativeException | IllegalStateException e) {
            // The acceptor has ended and closed the eventfd: nothing to wake.
        }
    }

    /** Closes every far end (their near ends see PEER_CLOSED) and the bootstrap port, once. */
    private void fail(String why) {
        if (farEndsReleased.compareAndSet(false, true)) {
            List<MessagePipeEndpoint> ends;
            synchronized (this) {
                ends = new ArrayList<>(farEnds.values());
                farEnds.clear();
            }
            ends.forEach(MessagePipeEndpoint::close);
            if (bootstrapPort != null) {
                core.node().closePort(bootstrapPort);
            }
        }
        outcome.completeExceptionally(new org.jmojo.system.MojoException(MojoResult.UNAVAILABLE, why));
    }

    /** Closes the listening socket and the acceptor's eventfd, removes the path, then completes {@link #listenerRemoved}. */
    private synchronized void cleanUpListener() {
        if (listener != null) {
            listener.close();
        }
        if (wakeup != null) {
            wakeup.close();
        }
        removeSocketPath();
        listenerRemoved.complete(null);
    }

    /**
     * Unlinks the socket and removes its directory (idempotent); the listening descriptor and the eventfd are the
     * acceptor's, which closes them and only then completes {@link #listenerRemoved} (so that a caller who waited for
     * it finds no descriptor of the invitation left open).
     */
    private synchronized void removeSocketPath() {
        try {
            if (socketPath != null) {
                Files.deleteIfExists(socketPath);
            }
            if (directory != null) {
                Files.deleteIfExists(directory);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "invitation: could not remove " + directory, e);
        }
    }

    /**
     * Completes once the listening socket is closed and its file and directory are removed (after an invitee
     * joined, the deadline, or a withdrawal). The acceptor thread does this after {@link #outcome()} may already
     * have completed, so a caller that promises "the socket is gone" waits for this too.
     */
    public CompletableFuture<Void> listenerRemoved() {
        return listenerRemoved;
    }

    /** Whether the listening socket or the acceptor's eventfd is still open (tests). */
    synchronized boolean listenerOpen() {
        return (listener != null && listener.isOpen()) || (wakeup != null && wakeup.fd().isOpen());
    }

    /** Completes with the invitee's node once the bootstrap message is sent, or exceptionally if it failed. */
    public CompletableFuture<NodeName> outcome() {
        return outcome;
    }

    /** The inviter's view of one connection's handshake and bootstrap; runs on the I/O thread. */
    private final class Party implements NodeChannels.InvitationParty {
        @Override
        public boolean tokenMatches(Id128 presented) {
            byte[] given = new byte[16];
            for (int i = 0; i < 8; i++) {
                given[i] = (byte) (presented.low() >>> (8 * i));
                given[8 + i] = (byte) (presented.high() >>> (8 * i));
            }
            // Constant time, then once: the second connection with the right token is refused like a wrong one.
            return MessageDigest.isEqual(given, token) && state.compareAndSet(LISTENING, CONNECTED);
        }

        @Override
        public void tokenWasted(NodeChannels.Peer peer) {
            wake();
            fail("the invitee's name was taken by another channel while it presented the token");
        }

        @Override
        public void connected(NodeChannels.Peer peer, NodeName node) {
            invitee = peer;
            // The path goes now, before the invitee can get its pipes (they follow on this thread), so nobody finds it
            // once accept() has returned; the acceptor closes the listening socket when it wakes.
            removeSocketPath();
            wake();
        }

        @Override
        public void portRequested(NodeChannels.Peer peer, PortName port, String name) {
            if (peer != invitee || !name.isEmpty() || !farEndsReleased.compareAndSet(false, true)) {
                peer.channel().close(CloseReason.BAD_STATE, "request-port-merge for \"" + name
                        + "\": only the bootstrap pipe (empty name), once, by the invitee");
                return;
            }
            core.node().initializePort(bootstrapPort, peer.node(), port);
            List<String> names;
            List<MessagePipeEndpoint> ends;
            synchronized (Inviter.this) {
                names = new ArrayList<>(farEnds.keySet());
                ends = new ArrayList<>(farEnds.values());
                farEnds.clear();
            }
            try (MessagePipeEndpoint bootstrap = core.endpointFor(bootstrapPort)) {
                MojoResult r = bootstrap.writeMessage(Bootstrap.encodeNames(names), ends);
                if (r != MojoResult.OK) {
                    ends.forEach(MessagePipeEndpoint::close);
                    outcome.completeExceptionally(new org.jmojo.system.MojoException(r, "bootstrap message refused: " + r));
                    return;
                }
            }
            outcome.complete(peer.node());
        }

        @Override
        public void ended(NodeChannels.Peer peer, CloseReason reason, String detail) {
            if (peer == invitee && !farEndsReleased.get()) {
                fail("the invitee's channel ended before it took its pipes: " + reason + ": " + detail);
            }
        }
    }
}
