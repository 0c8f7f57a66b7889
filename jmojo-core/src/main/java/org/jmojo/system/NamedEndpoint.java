package org.jmojo.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ipc.LinkConnector;
import org.jmojo.internal.ipc.LinkServer;

/**
 * A server socket at a path of the file system through which unrelated processes of the same user, given only the
 * path, connect to this process and each get a new message pipe to it (docs/processes.md, "Named endpoints").
 *
 * <pre>{@code
 * // the server
 * try (NamedEndpoint endpoint = NamedEndpoint.listen(Path.of(runtimeDir, "my-service.sock"))) {
 *     MessagePipeEndpoint client = endpoint.accept(Duration.ofSeconds(30)).orElseThrow();
 *     ...
 * }
 * // any process of the same user
 * MessagePipeEndpoint server = NamedEndpoint.connect(Path.of(runtimeDir, "my-service.sock"));
 * }</pre>
 *
 * <p><b>Networks.</b> A connecting process that belongs to no network joins the server's as a client, exactly as an
 * invited process does: the server is (or becomes) the broker of its network, and may also invite
 * ({@link OutgoingInvitation}). A connecting process that belongs to a network of its own (it invited, serves, or
 * accepted an invitation), or any process connecting to a server that accepted an invitation, gets an
 * <em>isolated link</em>: a two-node network of its own, across which nobody is introduced. Pipe ends still go
 * anywhere: an end whose pipe belongs to one network and is sent into another stays where it is behind a
 * <em>bridge</em>, a relay in that process that passes every message (handles included) on in order, and closes
 * the other side once one side is closed and drained. A process connecting to a server of its own network gets its
 * pipe through that network (the broker introduces the two if they have no channel yet). Clients are connected to
 * the server only, not to each other.
 *
 * <p><b>Security.</b> Only processes of this process's user are served. The socket file is created owner-only
 * (mode 0600) before it listens, and each connection's peer uid ({@code SO_PEERCRED}) must equal this process's
 * (root can connect to any socket file; it is refused here too): another uid's hello is answered "refused" and
 * its connection closed, and it sees PERMISSION_DENIED. Put the socket in a directory of your own (for example
 * {@code $XDG_RUNTIME_DIR}); the path must fit a Unix socket address (at most 107 bytes).
 *
 * <p><b>The path.</b> {@link #listen} locks {@code PATH.lock} beside the socket (created owner-only, left in place)
 * for as long as it listens, so a live server's path is never taken: a second {@code listen} on it, in any
 * process, fails with ALREADY_EXISTS. A socket file left by a server that died (nobody accepts on it any more) is
 * removed and replaced. A file that is not a socket, or a socket something else still accepts on, is left alone
 * (ALREADY_EXISTS). {@link #close} removes the socket file.
 *
 * <p><b>Lifetime.</b> Each connection's pipe works at once on both sides: messages written before the route is
 * complete wait in the pipe. A connected process's death, even by {@code kill -9}, makes its pipes peer-closed on
 * the server once what it sent has been read, and the server's death does the same on the client side.
 * {@link #close} stops accepting; pipes already made stay.
 *
 * <p>Thread-safe.
 */
public final class NamedEndpoint implements AutoCloseable {
    /** How long {@link #connect(Path)} waits for the server by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final LinkServer server;

    private NamedEndpoint(LinkServer server) {
        this.server = server;
    }

    /**
     * Listens at {@code path} on this process's node ({@link Core#instance()}).
     *
     * @throws MojoException ALREADY_EXISTS if a live server holds {@code path}, something else accepts connections
     *     there, or a file that is not a socket is in the way; UNAVAILABLE if the socket cannot be made
     * @throws IllegalArgumentException if {@code path} is too long for a socket address
     */
    public static NamedEndpoint listen(Path path) {
        return listen(Core.instance(), path);
    }

    /** {@link #listen(Path)} on {@code core}'s node (several nodes in one JVM, in tests). */
    public static NamedEndpoint listen(Core core, Path path) {
        return new NamedEndpoint(LinkServer.listen(LocalCore.of(Objects.requireNonNull(core, "core")), path));
    }

    /** The socket's path (absolute). */
    public Path path() {
        return server.path();
    }

    /**
     * Waits up to {@code timeout} for the next connecting process and returns this side's end of its new pipe.
     * Blocks the calling thread; call it from a thread of your own, not from a trap handler.
     *
     * @return the pipe, or empty if no process connected within {@code timeout}
     * @throws IllegalStateException if this endpoint is closed (also when it is closed during the wait)
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public Optional<MessagePipeEndpoint> accept(Duration timeout) throws InterruptedException {
        return server.accept(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Stops listening: removes the socket file and frees the path; pipes of connections not yet {@link #accept
     * accepted} are closed (their clients see PEER_CLOSED). Pipes already accepted stay. Idempotent.
     */
    @Override
    public void close() {
        server.close();
    }

    /**
     * Connects this process's node to the named endpoint at {@code path}, waiting up to 30 s for the server, and
     * returns this side's end of a new pipe to it.
     *
     * @throws IllegalArgumentException if {@code path} is too long for a socket address
     * @throws MojoException NOT_FOUND if nobody listens at {@code path} (no file, or a stale one);
     *     PERMISSION_DENIED if the server refused this process (another user) or its socket file is not this user's
     *     to use; DEADLINE_EXCEEDED if the server did not answer in time; UNAVAILABLE if the connection ended first
     */
    public static MessagePipeEndpoint connect(Path path) {
        return connect(Core.instance(), path, DEFAULT_TIMEOUT);
    }

    /** {@link #connect(Path)} from {@code core}'s node, waiting up to {@code timeout}. */
    public static MessagePipeEndpoint connect(Core core, Path path, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return LinkConnector.connect(LocalCore.of(Objects.requireNonNull(core, "core")), path, timeout);
    }
}
