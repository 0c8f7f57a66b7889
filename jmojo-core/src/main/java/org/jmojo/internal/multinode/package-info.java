/**
 * Making further nodes in one JVM ({@link org.jmojo.internal.multinode.Nodes}); exported only to
 * {@code org.jmojo.testing}, whose {@code MultiNodeFixture} is the public way to use it.
 */
package org.jmojo.internal.multinode;
