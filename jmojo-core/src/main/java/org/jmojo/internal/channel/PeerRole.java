package org.jmojo.internal.channel;

/**
 * What the peer of a channel is to this node; the node layer sets a channel's roles when it creates
 * it, and each frame type lists the roles that may send it ({@link FrameType#legalSenders()}).
 *
 * <p>A peer may hold two roles at once: an invitee of the broker is also its broker client, and the
 * broker that invited this node is both its inviter and its broker. The first five are also the
 * roles a hello announces (their {@link #helloCode()}); an inviter or a named-endpoint server answers
 * with hello-ack and names no role.
 */
public enum PeerRole {
    /** The peer accepted our invitation: it connects and sends hello. */
    INVITEE(1),
    /** The peer is a client of ours; we are its broker. */
    BROKER_CLIENT(2),
    /** The peer is our broker. */
    BROKER(3),
    /** The broker introduced us to the peer; both sides send hello. */
    INTRODUCED_PEER(4),
    /** The peer connected to our named endpoint (an isolated link). */
    LINK_CONNECTOR(5),
    /** The peer invited us: it answers our hello with hello-ack. */
    INVITER(0),
    /** We connected to the peer's named endpoint: it answers with hello-ack. */
    LINK_SERVER(0);

    private final int helloCode;

    PeerRole(int helloCode) {
        this.helloCode = helloCode;
    }

    /** The role byte a hello carries for this role, or 0 for the two roles that never send hello. */
    public int helloCode() {
        return helloCode;
    }

    /** The role a hello's role byte names, or {@code null} for a byte outside 1..5. */
    static PeerRole ofHelloCode(int code) {
        for (PeerRole role : values()) {
            if (role.helloCode == code && code != 0) {
                return role;
            }
        }
        return null;
    }
}
