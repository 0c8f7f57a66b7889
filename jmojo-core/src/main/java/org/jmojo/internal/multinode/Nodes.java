package org.jmojo.internal.multinode;

import java.util.Objects;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;

/**
 * Several nodes in one JVM, for test support ({@code org.jmojo.testing}, the only module this package
 * is exported to). Each node made here is independent of the others and of {@link Core#instance()}:
 * its own handle table, its own ports node with a fresh random name, its own name generator. Nodes are
 * joined by a {@link SimulatedNetwork}; a pipe across two joined nodes comes from {@link #pipeBetween}.
 */
public final class Nodes {
    private Nodes() {}

    /** A new node; its {@code Core} is the only way to use it. */
    public static Core newNode() {
        return LocalCore.newNode();
    }

    /**
     * A message pipe with {@code end0} on {@code first}'s node and {@code end1} on {@code second}'s, two
     * different nodes joined to one {@link SimulatedNetwork}.
     *
     * @throws IllegalArgumentException if both are the same node
     */
    public static MessagePipe pipeBetween(Core first, Core second) {
        return LocalCore.of(Objects.requireNonNull(first, "first"))
                .createMessagePipeTo(LocalCore.of(Objects.requireNonNull(second, "second")));
    }

    /**
     * The {@code Core} of the node that owns {@code handle}: the one to wait on it with, or to watch it
     * with a trap or wait set of.
     *
     * @throws org.jmojo.system.InvalidHandleException if {@code handle} is closed, sent or moved away
     */
    public static Core coreOf(Handle handle) {
        return LocalCore.nodeOf(Objects.requireNonNull(handle, "handle")).core();
    }

    /** The name of {@code core}'s node, as error messages print it ({@code node:} and 32 hex digits). */
    public static String nodeName(Core core) {
        return LocalCore.of(Objects.requireNonNull(core, "core")).name();
    }

    /** How many handles of {@code core}'s node are open (for leak checks). */
    public static int liveHandleCount(Core core) {
        return LocalCore.of(Objects.requireNonNull(core, "core")).liveHandleCount();
    }

    /** How many ports {@code core}'s node hosts (for leak checks). */
    public static int portCount(Core core) {
        return LocalCore.of(Objects.requireNonNull(core, "core")).portCount();
    }
}
