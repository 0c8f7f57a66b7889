/**
 * The Mojo system API: handles, message pipes, signals, waiting, wait sets, traps and quotas.
 *
 * <p>Only {@code org.jmojo.system} is exported. Everything under {@code org.jmojo.internal} (the
 * ports layer, the handle table, the dispatchers, the platform bindings, channels and nodes) is an
 * implementation detail that may change in any release.
 */
module org.jmojo.core {
    exports org.jmojo.system;
    // Further nodes in one JVM, for the test fixture of jmojo-testing only (MultiNodeFixture).
    exports org.jmojo.internal.multinode to org.jmojo.testing;
}
