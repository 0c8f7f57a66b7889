package org.jmojo.internal.ipc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.Errno;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;

/**
 * The connecting side of a named endpoint (docs/processes.md, "Named endpoints"; the public face is
 * {@code org.jmojo.system.NamedEndpoint.connect}): connects to the server's socket, says hello{link connector},
 * and once hello-ack names the server, joins its network as a client and asks for a pipe (request-port-merge of
 * a port that expects the server's merge). See {@link LinkServer} for the server's side.
 */
public final class LinkConnector {
    private LinkConnector() {}

    /**
     * Connects {@code core}'s node to the named endpoint at {@code path} and returns this side's end of a new pipe
     * to the server, waiting up to {@code timeout} for its answer. The end works at once: what is written waits
     * until the server's merge arrives.
     *
     * @throws IllegalArgumentException if {@code path} does not fit a socket address (107 bytes)
     * @throws MojoException NOT_FOUND if nobody listens at {@code path} (no file, or a stale one); PERMISSION_DENIED
     *     if the socket file is not ours to use or the server refused this process (another user);
     *     DEADLINE_EXCEEDED if the server did not answer in time; UNAVAILABLE if the connection ended first
     */
    public static MessagePipeEndpoint connect(LocalCore core, Path path, Duration timeout) {
        Objects.requireNonNull(core, "core");
        LinkServer.checkPath(path);
        Deadline deadline = Deadline.after(timeout);
        NodeChannels channels = LinkServer.channelsOf(core);
        // A node of no network joins the server's as a client (unless the answer makes the link isolated); a node of
        // a network of its own keeps it, and its link to the server is isolated (docs/processes.md).
        boolean joining = !channels.inNetwork();
        if (joining) {
            channels.markInvitee();
        }
        Fd socket;
        try {
            socket = connectSocket(path, deadline);
        } catch (MojoException e) {
            unmark(channels, joining); // not joined: the caller may try again
            throw e;
        }
        PortRef[] pair = core.node().createPortPair(); // [0] the user's end, [1] the port the server merges into
        CompletableFuture<NodeName> server = new CompletableFuture<>();
        NodeChannels.InvitationParty party = new NodeChannels.InvitationParty() {
            @Override
            public void connected(NodeChannels.Peer peer, NodeName node) {
                if (channels.isIsolatedLink(node)) {
                    unmark(channels, joining); // it joined no network: an isolated link
                }
                channels.tagPipe(pair[0], pair[1], node);
                core.node().expectMerge(pair[1], node);
                peer.requestPort(pair[1].name(), "");
                server.complete(node);
            }

            @Override
            public void ended(NodeChannels.Peer peer, CloseReason reason, String detail) {
                server.completeExceptionally(reason == CloseReason.LOCAL
                        ? new MojoException(MojoResult.PERMISSION_DENIED, "the named endpoint at " + path + " refused "
                                + "this process (it serves only processes of its own user, while it is open; its log "
                                + "says which): " + detail)
                        : new MojoException(MojoResult.UNAVAILABLE, "the connection to the named endpoint at " + path
                                + " ended: " + reason + (detail == null ? "" : ": " + detail)));
            }
        };
        NodeChannels.Peer peer;
        try {
            peer = channels.connectToLinkServer(socket, party);
        } catch (NativeException | RuntimeException e) {
            giveUp(core, channels, pair, joining);
            throw new MojoException(MojoResult.UNAVAILABLE, "cannot start the channel to " + path + ": " + e.getMessage(), e);
        }
        MojoException failure;
        try {
            server.get(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
            return core.endpointFor(pair[0]);
        } catch (TimeoutException e) {
            failure = new MojoException(MojoResult.DEADLINE_EXCEEDED, "the named endpoint at " + path
                    + " did not answer within " + timeout);
        } catch (ExecutionException e) {
            failure = (MojoException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new MojoException(MojoResult.CANCELLED, "interrupted while connecting to " + path, e);
        }
        peer.channel().close(CloseReason.LOCAL, "the connector gave up: " + failure.getMessage());
        giveUp(core, channels, pair, joining);
        throw failure;
    }

    private static void giveUp(LocalCore core, NodeChannels channels, PortRef[] pair, boolean joining) {
        core.node().closePort(pair[0]);
        core.node().closePort(pair[1]);
        unmark(channels, joining);
    }

    private static void unmark(NodeChannels channels, boolean joining) {
        if (joining) {
            channels.unmarkInvitee();
        }
    }

    /**
     * A socket connected to {@code path}; a full backlog ({@code EAGAIN}) is retried until the deadline.
     *
     * @throws MojoException NOT_FOUND, PERMISSION_DENIED, DEADLINE_EXCEEDED or UNAVAILABLE, naming the path
     */
    private static Fd connectSocket(Path path, Deadline deadline) {
        for (;;) {
            try {
                return UnixSocket.connect(path);
            } catch (NativeException e) {
                int errno = e.errno();
                if (errno == Errno.EAGAIN && deadline.remainingNanos() > 0) {
                    // The server's backlog is full; nothing signals room, so look again shortly.
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                MojoResult r = switch (errno) {
                    case Errno.ENOENT, Errno.ECONNREFUSED -> MojoResult.NOT_FOUND;
                    case Errno.EACCES, Errno.EPERM -> MojoResult.PERMISSION_DENIED;
                    case Errno.EAGAIN -> MojoResult.DEADLINE_EXCEEDED;
                    default -> MojoResult.UNAVAILABLE;
                };
                throw new MojoException(r, "cannot connect to the named endpoint at " + path + ": " + e.getMessage()
                        + (errno == Errno.ECONNREFUSED ? " (a stale socket file: nobody listens there)" : ""), e);
            }
        }
    }
}
