package org.jmojo.internal.ipc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.platform.Errno;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitResult;

/**
 * The accepting side of an invitation (docs/processes.md; the public face is
 * {@code org.jmojo.system.IncomingInvitation}): connects to the inviter's socket, says hello with the token, and
 * once the inviter's hello-ack names it, gives the bootstrap port its peer and asks for the bootstrap pipe
 * (request-port-merge with the empty name). The bootstrap message then brings every named pipe.
 */
public final class Invitee {
    private Invitee() {}

    /**
     * Accepts the invitation {@code connection} on {@code core}'s node and returns its pipes by name, waiting up to
     * {@code timeout} for the inviter.
     *
     * @throws IllegalArgumentException if {@code connection} is not a connection string
     * @throws IllegalStateException if the node accepted an invitation before or has invited others
     * @throws MojoException NOT_FOUND if nobody listens at the path, PERMISSION_DENIED if the inviter refused
     *     (wrong token, used already), DEADLINE_EXCEEDED if the inviter did not answer in time, UNAVAILABLE if the
     *     channel ended during the bootstrap
     */
    public static Map<String, MessagePipeEndpoint> accept(LocalCore core, String connection, Duration timeout) {
        Objects.requireNonNull(core, "core");
        Bootstrap.Address address = Bootstrap.parse(Objects.requireNonNull(connection, "connection"));
        Deadline deadline = Deadline.after(timeout);
        NodeChannels channels;
        Fd socket;
        try {
            channels = NodeChannels.of(core);
        } catch (NativeException e) {
            throw new MojoException(MojoResult.UNAVAILABLE, "cannot start this node's I/O thread: " + e.getMessage(), e);
        }
        channels.markInvitee();
        try {
            socket = UnixSocket.connect(address.socket());
        } catch (NativeException e) {
            channels.unmarkInvitee(); // not joined: the caller may try again
            MojoResult r = e.errno() == Errno.ENOENT || e.errno() == Errno.ECONNREFUSED
                    ? MojoResult.NOT_FOUND : MojoResult.UNAVAILABLE;
            throw new MojoException(r, "cannot reach the inviter at " + address.socket() + ": " + e.getMessage(), e);
        }
        PortRef bootstrapPort = core.node().createUninitializedPort();
        CompletableFuture<NodeName> inviter = new CompletableFuture<>();
        NodeChannels.InvitationParty party = new NodeChannels.InvitationParty() {
            @Override
            public void connected(NodeChannels.Peer peer, NodeName node) {
                core.node().initializePort(bootstrapPort, node, address.inviterPort());
                peer.requestPort(bootstrapPort.name(), "");
                inviter.complete(node);
            }

            @Override
            public void ended(NodeChannels.Peer peer, CloseReason reason, String detail) {
                inviter.completeExceptionally(new MojoException(
                        reason == CloseReason.LOCAL ? MojoResult.PERMISSION_DENIED : MojoResult.UNAVAILABLE,
                        "the invitation's channel ended: " + reason + (detail == null ? "" : ": " + detail)));
            }
        };
        NodeChannels.Peer peer;
        try {
            peer = channels.connectToInviter(socket, address.token(), party);
        } catch (NativeException e) {
            core.node().closePort(bootstrapPort);
            channels.unmarkInvitee();
            throw new MojoException(MojoResult.UNAVAILABLE, "cannot start the invitation's channel: " + e.getMessage(), e);
        }
        MojoException failure;
        try {
            inviter.get(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
            failure = null;
        } catch (TimeoutException e) {
            failure = new MojoException(MojoResult.DEADLINE_EXCEEDED, "the inviter did not answer within " + timeout);
        } catch (ExecutionException e) {
            failure = (MojoException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new MojoException(MojoResult.CANCELLED, "interrupted while accepting an invitation", e);
        }
        if (failure != null) {
            // Not joined: give up the channel (a late hello-ack finds it closed) and let the caller try again.
            peer.channel().close(CloseReason.LOCAL, "the invitee gave up: " + failure.getMessage());
            core.node().closePort(bootstrapPort);
            channels.unmarkInvitee();
            throw failure;
        }
        try (MessagePipeEndpoint bootstrap = core.endpointFor(bootstrapPort)) {
            WaitResult w = core.core().wait(bootstrap, Signals.READABLE, deadline);
            if (w.result() != MojoResult.OK) {
                throw new MojoException(w.result() == MojoResult.DEADLINE_EXCEEDED ? MojoResult.DEADLINE_EXCEEDED
                        : MojoResult.UNAVAILABLE, "no bootstrap message from the inviter: " + w.result());
            }
            ReadResult r = bootstrap.readMessage();
            Message m = r.message();
            List<String> names;
            try {
                names = Bootstrap.decodeNames(m.bytes(), m.handles().size());
            } catch (IllegalArgumentException e) {
                m.closeHandles();
                throw new MojoException(MojoResult.DATA_LOSS, "the inviter sent a malformed bootstrap message: " + e.getMessage());
            }
            Map<String, MessagePipeEndpoint> pipes = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Handle h = m.handles().get(i);
                if (!(h instanceof MessagePipeEndpoint e) || pipes.putIfAbsent(names.get(i), e) != null) {
                    m.closeHandles();
                    pipes.clear();
                    throw new MojoException(MojoResult.DATA_LOSS, "the inviter's bootstrap message: pipe " + i
                            + " (\"" + names.get(i) + "\") is not a message pipe endpoint, or its name repeats");
                }
            }
            return pipes;
        }
    }
}
