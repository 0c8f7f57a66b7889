/**
 * The ports layer (docs/architecture.md §3): port names, port records, user-message sequencing, closure and
 * breaking, as one thread-safe {@link org.jmojo.internal.ports.Node} per node with no knowledge of
 * sockets, threads or handles. It reaches the layer above only through
 * {@link org.jmojo.internal.ports.NodeDelegate}, always with no lock held. Not exported.
 */
package org.jmojo.internal.ports;
