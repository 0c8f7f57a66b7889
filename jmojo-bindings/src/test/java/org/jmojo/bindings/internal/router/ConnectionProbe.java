package org.jmojo.bindings.internal.router;

/** Package-private state of a {@link Connection}, for the router tests of other packages. */
public final class ConnectionProbe {

    private ConnectionProbe() {}

    /** Whether {@code connection} holds a message for an endpoint not bound yet (its reading is paused). */
    public static boolean isHolding(Connection connection) {
        return connection.isHolding();
    }
}
