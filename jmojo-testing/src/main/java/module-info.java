/**
 * Test support for code that uses jmojo: {@link org.jmojo.testing.MultiNodeFixture}, several Mojo nodes
 * in one JVM. Depends on {@code org.jmojo.core} only, and is the one module that core's internal
 * {@code org.jmojo.internal.multinode} package is exported to.
 */
module org.jmojo.testing {
    requires transitive org.jmojo.core;

    exports org.jmojo.testing;
}
