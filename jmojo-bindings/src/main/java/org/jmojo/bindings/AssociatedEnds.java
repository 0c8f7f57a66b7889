package org.jmojo.bindings;

import org.jmojo.bindings.internal.router.Connection;

/** Gives the router the token of a pending associated end (a package-private field of those classes). */
final class AssociatedEnds {

    private AssociatedEnds() {}

    static Connection.End tokenOf(Object end) {
        return switch (end) {
            case PendingAssociatedRemote<?> r -> r.end();
            case PendingAssociatedReceiver<?> r -> r.end();
            default -> null;
        };
    }
}
