package org.jmojo.bindings.internal.router;

/** Package-private state of a {@link Connection}, for the router tests of other packages. */
public final class ConnectionProbe {

    private ConnectionProbe() {}

    /** Whether {@code connection} holds a message for an endpoint not bound yet (its reading is paused). */
    public static boolean isHolding(Connection connection) {
        return connection.isHolding();
    }

    /** How many turns a blocked caller read a message of {@code connection} in its watcher's place. */
    public static long callerReadTurns(Connection connection) {
        return connection.callerReadTurns();
    }

    /** Whether a platform thread blocking on the remote of {@code router} would read its pipe now. */
    public static boolean readsOnCaller(Router<?> router) {
        return router.readsOnCaller();
    }
}
