/**
 * The Mojo system API: handles, message pipes, signals, waiting, wait sets, traps and quotas.
 *
 * <p>Only {@code org.jmojo.system} is exported. Everything under {@code org.jmojo.internal} (the
 * ports layer, the handle table, the dispatchers and, later, the platform bindings, channels and
 * nodes) is an implementation detail that may change in any release.
 */
module org.jmojo.core {
    exports org.jmojo.system;
}
