package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The 32-byte body of update-previous-peer (type 9): the sender the target expects from now on.
 *
 * <pre>
 *  0                16               32
 *  +----------------+----------------+
 *  | new node       | new port       |
 *  +----------------+----------------+
 * </pre>
 */
final class UpdatePreviousPeerLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            EventHeaderLayout.NAME.withName("new_node"), EventHeaderLayout.NAME.withName("new_port"));

    static final long NEW_NODE = 0;
    static final long NEW_PORT = 16;
    static final int SIZE = 32;

    private UpdatePreviousPeerLayout() {}
}
