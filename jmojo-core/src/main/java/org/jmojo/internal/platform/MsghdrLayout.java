package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct msghdr} of Linux x86-64, the argument of {@code sendmsg}/{@code recvmsg} (56 bytes).
 *
 * <pre>
 *  0       8        12      16       24          32          40             48        52     56
 *  +-------+--------+-------+--------+-----------+-----------+--------------+---------+------+
 *  | name  | namelen| pad   | iov    | iovlen    | control   | controllen   | flags   | pad  |
 *  | void* | u32    |       | iovec* | size_t    | void*     | size_t       | int     |      |
 *  +-------+--------+-------+--------+-----------+-----------+--------------+---------+------+
 * </pre>
 */
final class MsghdrLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    static final long NAME = 0;
    static final long NAMELEN = 8;
    static final long IOV = 16;
    static final long IOVLEN = 24;
    static final long CONTROL = 32;
    static final long CONTROLLEN = 40;
    static final long FLAGS = 48;
    static final long SIZE = 56;

    private MsghdrLayout() {}

    /** Fills a header with no address, one iovec array and a control buffer (which may be NULL). */
    static void set(MemorySegment msghdr, MemorySegment iov, long iovCount, MemorySegment control, long controlLength) {
        msghdr.set(ADDRESS, NAME, MemorySegment.NULL);
        msghdr.set(JAVA_INT, NAMELEN, 0);
        msghdr.set(ADDRESS, IOV, iov);
        msghdr.set(JAVA_LONG, IOVLEN, iovCount);
        msghdr.set(ADDRESS, CONTROL, control);
        msghdr.set(JAVA_LONG, CONTROLLEN, controlLength);
        msghdr.set(JAVA_INT, FLAGS, 0);
    }

    static int flags(MemorySegment msghdr) {
        return msghdr.get(JAVA_INT, FLAGS);
    }

    static long controlLength(MemorySegment msghdr) {
        return msghdr.get(JAVA_LONG, CONTROLLEN);
    }
}
