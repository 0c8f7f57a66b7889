package org.jmojo.internal.platform;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code struct sockaddr_un} of Linux (110 bytes): an {@code AF_UNIX} address.
 *
 * <pre>
 *  0            2                                          110
 *  +------------+------------------------------------------+
 *  | sun_family | sun_path: NUL-terminated path, 108 bytes |
 *  | u16 = 1    |                                          |
 *  +------------+------------------------------------------+
 * </pre>
 *
 * Paths of 108 bytes or more (with the terminating NUL) do not fit; Linux's abstract namespace
 * (a leading NUL) is not used by jmojo, since file-system sockets carry owner-only permissions.
 */
final class SockaddrUnLayout {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));

    static final long FAMILY = 0;
    static final long PATH = 2;
    static final int PATH_CAPACITY = 108;
    static final int SIZE = 110;
    static final short AF_UNIX = 1;

    private SockaddrUnLayout() {}

    /**
     * Allocates and fills an address for {@code path}.
     *
     * @throws IllegalArgumentException if the path's UTF-8 bytes plus NUL exceed 108 bytes or it contains NUL
     */
    static MemorySegment of(Arena arena, Path path) {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length + 1 > PATH_CAPACITY) {
            throw new IllegalArgumentException("socket path longer than " + (PATH_CAPACITY - 1) + " UTF-8 bytes ("
                    + bytes.length + "): " + path);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("socket path contains a NUL byte: " + path);
            }
        }
        MemorySegment address = arena.allocate(LAYOUT);
        address.set(JAVA_SHORT, FAMILY, AF_UNIX);
        MemorySegment.copy(bytes, 0, address, JAVA_BYTE, PATH, bytes.length);
        return address;
    }

    /** The address length to pass with an address made by {@link #of}: family, path and its NUL. */
    static int length(Path path) {
        return (int) PATH + path.toString().getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
