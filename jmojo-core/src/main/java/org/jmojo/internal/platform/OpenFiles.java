package org.jmojo.internal.platform;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Moves open files between Java's file objects ({@link FileChannel}, {@link FileDescriptor}) and owned descriptor
 * numbers ({@link Fd}), with no reflection and no {@code --add-opens}.
 *
 * <h2>Why not read the number out of the Java object</h2>
 * {@code FileDescriptor}'s number and {@code FileChannelImpl}'s descriptor are private fields of {@code java.base};
 * reading them needs {@code --add-opens java.base/java.io} (and {@code sun.nio.ch}) on every command line that uses
 * jmojo, and breaks whenever the JDK renames a field. The two directions use the kernel instead:
 * <ul>
 *   <li><b>Java object to number</b> ({@link #duplicate(FileChannel)}): the descriptor is found by its file
 *       offset, which a channel can set and {@code lseek(fd, 0, SEEK_CUR)} can read. The channel is moved to a
 *       random marker offset, every descriptor of {@code /proc/self/fd} whose offset equals it is a candidate,
 *       a second random marker confirms it, the candidate is duplicated ({@code F_DUPFD_CLOEXEC}) and the
 *       duplicate is checked once more (it shares the offset, so a number closed and reused in between is
 *       caught); the channel's offset is then restored. Descriptors that share one open file description all
 *       match, and any of them will do: the duplicate refers to that description. Only seekable files have an
 *       offset: a pipe, socket or terminal cannot be found this way (wrap its number instead).
 *   <li><b>Number to Java object</b> ({@link #reopenAsChannel}, {@link #reopenAsFileDescriptor}): the file is
 *       opened again through {@code /proc/self/fd/N}, with the descriptor's access mode, the new object is
 *       moved to the descriptor's offset, and the descriptor is closed. The new object has a new open file
 *       description: its offset is its own from then on. Sockets cannot be reopened this way ({@code ENXIO}),
 *       and the file's permissions are checked again.
 * </ul>
 *
 * <p>Stateless and thread-safe; the object being found must not be used by another thread meanwhile (its offset
 * moves for the duration of the search).
 */
public final class OpenFiles {
    private static final int SEEK_CUR = 1;
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_APPEND = 0x400;
    private static final Path PROC_FDS = Path.of("/proc/self/fd");
    private static final SecureRandom MARKERS = new SecureRandom();

    private OpenFiles() {}

    /**
     * A new owned descriptor (close-on-exec, {@linkplain Fd#adopt adopted}) for the open file behind {@code channel};
     * the channel itself is left open, at its offset.
     *
     * @throws IOException if the channel is not seekable (pipe, socket) or is closed, naming the rule; a
     *     {@link NativeException} if the duplicate cannot be made
     */
    public static Fd duplicate(FileChannel channel) throws IOException {
        long saved;
        try {
            saved = channel.position();
            channel.position(saved); // a pipe reports 0 but refuses to seek: find that out before moving anything
        } catch (IOException e) {
            throw new IOException("the channel has no file offset (" + e.getMessage() + "): only a seekable file's"
                    + " channel can be wrapped; wrap a pipe's or socket's descriptor number instead", e);
        }
        try {
            long first = marker();
            channel.position(first);
            List<Integer> candidates = new ArrayList<>();
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FDS)) {
                for (Path p : fds) {
                    int n = Integer.parseInt(p.getFileName().toString());
                    if (Libc.lseek(n, 0, SEEK_CUR) == first) {
                        candidates.add(n);
                    }
                }
            }
            long second = marker();
            channel.position(second);
            for (int n : candidates) {
                if (Libc.lseek(n, 0, SEEK_CUR) != second) {
                    continue;
                }
                int copy = Libc.fcntl(n, Fcntl.F_DUPFD_CLOEXEC, 0);
                if (copy < 0) {
                    throw new NativeException("fcntl(F_DUPFD_CLOEXEC)", "fd " + n, Libc.errno());
                }
                if (Libc.lseek(copy, 0, SEEK_CUR) == second) {
                    return own(copy);
                }
                Libc.close(copy); // closed and reused since the check: not the channel's
            }
            throw new IOException("no descriptor of /proc/self/fd follows the channel's offset: it was closed, or"
                    + " another thread moved it during the search");
        } finally {
            if (channel.isOpen()) {
                channel.position(saved);
            }
        }
    }

    /**
     * {@link #duplicate(FileChannel)} for a {@link FileDescriptor}; {@link FileDescriptor#in}, {@code out} and
     * {@code err} are numbers 0, 1 and 2 and are duplicated directly (they need not be seekable). The
     * {@code FileDescriptor} stays valid and open.
     */
    public static Fd duplicate(FileDescriptor descriptor) throws IOException {
        if (!descriptor.valid()) {
            throw new IOException("the FileDescriptor is not valid (closed, or never opened)");
        }
        int standard = descriptor == FileDescriptor.in ? 0 : descriptor == FileDescriptor.out ? 1
                : descriptor == FileDescriptor.err ? 2 : -1;
        if (standard >= 0) {
            int copy = Libc.fcntl(standard, Fcntl.F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                throw new NativeException("fcntl(F_DUPFD_CLOEXEC)", "fd " + standard, Libc.errno());
            }
            return own(copy);
        }
        // A stream made on a FileDescriptor does not own it (no cleaner closes it), and it is not closed here: the
        // descriptor stays its creator's. Its channel only moves the shared offset.
        @SuppressWarnings("resource")
        FileChannel view = new FileInputStream(descriptor).getChannel();
        return duplicate(view);
    }

    /**
     * A {@link FileChannel} on the file of {@code fd}, opened again through {@code /proc/self/fd} with its access
     * mode (and append flag) at its offset; {@code fd} is closed once the channel is open. On failure {@code fd}
     * is left open and still the caller's.
     *
     * @throws IOException naming the descriptor and why it cannot be reopened (a socket, a file whose permissions
     *     now refuse the mode, a descriptor open for reading and appending, which a channel cannot be)
     */
    public static FileChannel reopenAsChannel(Fd fd) throws IOException {
        int n = fd.acquire();
        FileChannel channel;
        try {
            int flags = statusFlags(n);
            Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
            int mode = flags & O_ACCMODE;
            boolean append = (flags & O_APPEND) != 0;
            if (mode != O_WRONLY) {
                options.add(StandardOpenOption.READ);
            }
            if (mode != O_RDONLY) {
                options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
            }
            if (append && options.contains(StandardOpenOption.READ)) {
                throw new IOException(fd + " is open for reading and appending, which a FileChannel cannot be: take"
                        + " its number instead");
            }
            channel = FileChannel.open(PROC_FDS.resolve(Integer.toString(n)), options);
            long offset = Libc.lseek(n, 0, SEEK_CUR);
            if (offset > 0 && !append) {
                channel.position(offset);
            }
        } catch (IOException e) {
            throw reopenFailed(fd, "FileChannel", e);
        } finally {
            fd.releaseUse();
        }
        fd.close();
        return channel;
    }

    /**
     * A {@link FileDescriptor} on the file of {@code fd}, opened again through {@code /proc/self/fd} (read-only,
     * or read-write if {@code fd} can write) at its offset; {@code fd} is closed once it is open. The returned
     * object is owned by the caller: it is closed when a stream made on it is closed, or when it becomes
     * unreachable. On failure {@code fd} is left open and still the caller's.
     *
     * @throws IOException naming the descriptor and why it cannot be reopened
     */
    public static FileDescriptor reopenAsFileDescriptor(Fd fd) throws IOException {
        int n = fd.acquire();
        FileDescriptor descriptor;
        try {
            int flags = statusFlags(n);
            // RandomAccessFile never truncates, unlike a FileOutputStream; a write-only descriptor comes back
            // read-write, which needs read permission on the file.
            RandomAccessFile file = new RandomAccessFile(PROC_FDS.resolve(Integer.toString(n)).toFile(),
                    (flags & O_ACCMODE) == O_RDONLY ? "r" : "rw");
            long offset = Libc.lseek(n, 0, SEEK_CUR);
            if (offset > 0) {
                file.seek(offset);
            }
            descriptor = file.getFD();
        } catch (IOException e) {
            throw reopenFailed(fd, "FileDescriptor", e);
        } finally {
            fd.releaseUse();
        }
        fd.close();
        return descriptor;
    }

    /** Adopts {@code copy}, a number the kernel has just made for us, or closes it if that fails. */
    private static Fd own(int copy) throws NativeException {
        try {
            return Fd.adopt(copy, "file");
        } catch (NativeException | RuntimeException e) {
            Libc.close(copy);
            throw e;
        }
    }

    private static int statusFlags(int n) throws NativeException {
        int flags = Libc.fcntl(n, Fcntl.F_GETFL, 0);
        if (flags < 0) {
            throw new NativeException("fcntl(F_GETFL)", "fd " + n, Libc.errno());
        }
        return flags;
    }

    private static IOException reopenFailed(Fd fd, String as, IOException cause) {
        return new IOException(fd + " cannot be opened again as a " + as + " through /proc/self/fd (" + cause.getMessage()
                + "); the descriptor is unchanged", cause);
    }

    /**
     * A random offset between 2^36 and 2^40: far beyond any file a test or program leaves at that position by
     * chance, and within the largest file size of common file systems (ext4's 16 TiB), beyond which
     * {@code lseek} fails. Seeking past the end changes no file.
     */
    private static long marker() {
        return (1L << 36) + (MARKERS.nextLong() & ((1L << 40) - (1L << 36) - 1));
    }
}
