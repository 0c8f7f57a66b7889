package org.jmojo.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ipc.Invitee;

/**
 * The invited side of an {@link OutgoingInvitation}: joins the inviter's node network and takes the pipes it
 * attached, by name (docs/processes.md).
 *
 * <pre>{@code
 * IncomingInvitation invitation = IncomingInvitation.acceptFromEnvironment();   // a launched child
 * MessagePipeEndpoint control = invitation.extractMessagePipe("control");
 * }</pre>
 *
 * <p>{@link #accept} connects to the inviter's socket, presents the one-time token, and returns once the inviter
 * has sent every attached pipe (or fails); {@link #extractMessagePipe} then hands each out, once. A node accepts
 * at most one invitation (it belongs to one broker network); having accepted one, it may invite others into that
 * network.
 *
 * <p>Thread-safe.
 */
public final class IncomingInvitation {
    /** How long {@link #accept(String)} waits for the inviter by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    // @GuardedBy("this") the pipes not yet extracted
    private final Map<String, MessagePipeEndpoint> pipes;
    private final Set<String> names;

    private IncomingInvitation(Map<String, MessagePipeEndpoint> pipes) {
        this.pipes = new LinkedHashMap<>(pipes);
        this.names = Set.copyOf(pipes.keySet());
    }

    /**
     * Accepts the invitation whose connection string is {@code connection} ({@link OutgoingInvitation#connectionString()})
     * on this process's node, waiting up to 30 s for the inviter.
     *
     * @throws IllegalArgumentException if {@code connection} is not a connection string
     * @throws IllegalStateException if this node accepted an invitation before, or has invited others
     * @throws MojoException NOT_FOUND if nobody listens at its path; PERMISSION_DENIED if the inviter refused (wrong
     *     or used token, or not this user); DEADLINE_EXCEEDED if the inviter did not answer in time; UNAVAILABLE if
     *     the connection ended during the bootstrap
     */
    public static IncomingInvitation accept(String connection) {
        return accept(Core.instance(), connection, DEFAULT_TIMEOUT);
    }

    /** {@link #accept(String)} on {@code core}'s node, waiting up to {@code timeout}. */
    public static IncomingInvitation accept(Core core, String connection, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new IncomingInvitation(Invitee.accept(LocalCore.of(Objects.requireNonNull(core, "core")), connection, timeout));
    }

    /**
     * Accepts the invitation this process was launched with ({@link OutgoingInvitation#launch}): the connection
     * string in the environment variable {@value OutgoingInvitation#ENVIRONMENT_VARIABLE}.
     *
     * @throws IllegalStateException if that variable is not set
     */
    public static IncomingInvitation acceptFromEnvironment() {
        String connection = System.getenv(OutgoingInvitation.ENVIRONMENT_VARIABLE);
        if (connection == null) {
            throw new IllegalStateException("environment variable " + OutgoingInvitation.ENVIRONMENT_VARIABLE
                    + " is not set: this process was not launched by an OutgoingInvitation");
        }
        return accept(connection);
    }

    /** The names of the pipes the inviter attached. */
    public Set<String> names() {
        return names;
    }

    /**
     * The pipe attached under {@code name}; each is extracted once.
     *
     * @throws IllegalArgumentException if no pipe was attached under {@code name}, or it was extracted already
     */
    public synchronized MessagePipeEndpoint extractMessagePipe(String name) {
        MessagePipeEndpoint e = pipes.remove(Objects.requireNonNull(name, "name"));
        if (e == null) {
            throw new IllegalArgumentException("extractMessagePipe(\"" + name + "\"): "
                    + (names.contains(name) ? "extracted already" : "the inviter attached no pipe of that name; it attached " + names));
        }
        return e;
    }
}
