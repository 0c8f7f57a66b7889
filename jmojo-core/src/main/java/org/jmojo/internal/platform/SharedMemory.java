package org.jmojo.internal.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Anonymous shared memory: {@code memfd_create}, {@code ftruncate}, {@code mmap}/{@code munmap}.
 * A memfd is an ordinary descriptor, so it can travel to another process in {@code SCM_RIGHTS} and be
 * mapped there (shared buffers, data pipes and a shared-memory channel build on this).
 */
public final class SharedMemory {
    static final int MFD_CLOEXEC = 1;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;

    /** A mapping; {@link #close()} unmaps it (once) and the segment becomes inaccessible. */
    public static final class Mapping implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment address;
        private final MemorySegment segment;

        private Mapping(MemorySegment address, long size) {
            this.address = address;
            this.segment = address.reinterpret(size, arena, null);
        }

        /** The mapped bytes; valid until {@link #close()}. */
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public void close() throws NativeException {
            if (!arena.scope().isAlive()) {
                return;
            }
            long size = segment.byteSize();
            arena.close();
            if (Libc.munmap(address, size) != 0) {
                throw new NativeException("munmap", size + " bytes", Libc.errno());
            }
        }
    }

    private SharedMemory() {}

    /** A new close-on-exec memfd of {@code size} bytes (zero-filled); {@code name} shows in /proc only. */
    public static Fd create(String name, long size) throws NativeException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = Libc.memfdCreate(arena.allocateFrom(name), MFD_CLOEXEC);
        }
        if (fd < 0) {
            throw new NativeException("memfd_create", name, Libc.errno());
        }
        Fd memfd = new Fd(fd, "memfd");
        try {
            if (Libc.ftruncate(fd, size) != 0) {
                throw new NativeException("ftruncate", "memfd " + fd + ", " + size + " bytes", Libc.errno());
            }
            return memfd;
        } catch (NativeException | RuntimeException e) {
            memfd.close();
            throw e;
        }
    }

    /** Maps the first {@code size} bytes of {@code fd} shared, readable and (if asked) writable. */
    public static Mapping map(Fd fd, long size, boolean writable) throws NativeException {
        int n = fd.acquire();
        try {
            MemorySegment address = Libc.mmap(MemorySegment.NULL, size, PROT_READ | (writable ? PROT_WRITE : 0),
                    MAP_SHARED, n, 0);
            if (address.address() == -1L) {
                throw new NativeException("mmap", "fd " + n + ", " + size + " bytes", Libc.errno());
            }
            return new Mapping(address, size);
        } finally {
            fd.releaseUse();
        }
    }
}
