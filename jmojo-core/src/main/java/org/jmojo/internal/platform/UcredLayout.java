package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct ucred} of Linux (12 bytes), returned by {@code getsockopt(SO_PEERCRED)}: the
 * credentials of the process that created the peer socket (or connected it).
 *
 * <pre>
 *  0       4       8       12
 *  +-------+-------+-------+
 *  | pid   | uid   | gid   |
 *  +-------+-------+-------+
 * </pre>
 */
final class UcredLayout {
    static final StructLayout LAYOUT =
            MemoryLayout.structLayout(JAVA_INT.withName("pid"), JAVA_INT.withName("uid"), JAVA_INT.withName("gid"));

    static final long PID = 0;
    static final long UID = 4;
    static final long GID = 8;
    static final int SIZE = 12;

    private UcredLayout() {}
}
