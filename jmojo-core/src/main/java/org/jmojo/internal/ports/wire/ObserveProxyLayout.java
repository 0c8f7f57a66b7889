package org.jmojo.internal.ports.wire;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The 64-byte body of observe-proxy (type 3): the proxy's address and the address it forwards to.
 *
 * <pre>
 *  0                16               32                   48                   64
 *  +----------------+----------------+--------------------+--------------------+
 *  | proxy node     | proxy port     | proxy target node  | proxy target port  |
 *  +----------------+----------------+--------------------+--------------------+
 * </pre>
 */
final class ObserveProxyLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            EventHeaderLayout.NAME.withName("proxy_node"),
            EventHeaderLayout.NAME.withName("proxy_port"),
            EventHeaderLayout.NAME.withName("proxy_target_node"),
            EventHeaderLayout.NAME.withName("proxy_target_port"));

    static final long PROXY_NODE = 0;
    static final long PROXY_PORT = 16;
    static final long PROXY_TARGET_NODE = 32;
    static final long PROXY_TARGET_PORT = 48;
    static final int SIZE = 64;

    private ObserveProxyLayout() {}
}
