package org.jmojo.system;

import java.io.FileDescriptor;
import java.nio.channels.FileChannel;

/**
 * A handle owning one file descriptor of this process (Chromium's wrapped platform handle): made by
 * {@link Core#wrapFileDescriptor(int)}, {@link Core#wrapFileChannel} or {@link Core#wrapFileDescriptor(FileDescriptor)},
 * sent in messages like any transferable handle, and turned back into a descriptor by one of the {@code unwrap}
 * methods. See docs/platform-handles.md.
 *
 * <h2>Ownership</h2>
 * The handle owns its descriptor: closing the handle closes the descriptor, exactly once. Attaching it to a message
 * moves the descriptor with the message (the handle becomes invalid when the write succeeds; a failed write leaves
 * it valid, the descriptor untouched). A message that is closed or dropped unread closes the descriptors it carries.
 * Unwrapping hands the descriptor to the caller and invalidates the handle: a second unwrap throws
 * {@link InvalidHandleException} ("was unwrapped").
 *
 * <h2>Across nodes</h2>
 * When the message leaves the node, the descriptor travels beside the message's bytes (as a frame's fds: over a
 * socket, {@code SCM_RIGHTS}), and the receiver's handle owns its own descriptor for the same open file. Sender
 * and receiver then share the open file description (its offset, its status flags), as after {@code dup}.
 *
 * <h2>Signals, rights, threads</h2>
 * A platform handle has no signals: nothing is ever satisfied or satisfiable, so a wait on it ends at once with
 * {@code FAILED_PRECONDITION}, and a trap or wait set refuses it ({@code INVALID_ARGUMENT}). Its rights are {@link Right#TRANSFER} (attach it),
 * {@link Right#READ} and {@link Right#WRITE} (both are needed to unwrap it, as in domokit Mojo: a handle whose
 * rights were reduced cannot hand out the descriptor with all its access). Thread-safe: an unwrap racing a write
 * that attaches the handle, or another unwrap, gets {@code BUSY} or finds the handle gone; never both succeed.
 */
public interface PlatformHandle extends Handle {
    /**
     * Unwraps the descriptor as its number: the caller owns it from now on and must close it; this handle is
     * invalid. Always succeeds on a usable handle.
     *
     * @throws InvalidHandleException if the handle is closed, sent or already unwrapped
     * @throws MojoException {@code BUSY} while a write attaches it or another thread unwraps it;
     *     {@code PERMISSION_DENIED} without {@link Right#READ} and {@link Right#WRITE}
     */
    int unwrapFileDescriptor();

    /**
     * Unwraps the descriptor as a {@link FileChannel} the caller owns: the file is opened again through
     * {@code /proc/self/fd} with the descriptor's access mode ({@code O_APPEND} kept) at its offset, and the
     * descriptor is then closed. The channel has its own open file description from then on: its offset is no
     * longer shared with copies of the descriptor elsewhere (another process's, for instance). Done this way
     * because the JDK has no public way to make a {@code FileChannel} on a descriptor number, and reflection
     * would need {@code --add-opens} on every command line.
     *
     * <p>On failure nothing changes: the handle is still valid and owns its descriptor.
     *
     * @throws MojoException {@code FAILED_PRECONDITION} naming the handle and the cause if the file cannot be
     *     opened again (a socket or other object {@code /proc} cannot open, a file whose permissions now refuse
     *     the mode, a descriptor open for reading and appending, which no {@code FileChannel} can be); and as for
     *     {@link #unwrapFileDescriptor()}
     */
    FileChannel unwrapFileChannel();

    /**
     * Unwraps the descriptor as a {@link FileDescriptor} the caller owns, the way {@link #unwrapFileChannel()}
     * does (opened again through {@code /proc/self/fd}, read-only or read-write, at its offset; the original
     * descriptor closed). The object is closed when a stream made on it is closed
     * ({@code new FileInputStream(fd).close()}), or by the JDK when it becomes unreachable.
     *
     * <p>On failure nothing changes: the handle is still valid and owns its descriptor.
     *
     * @throws MojoException as for {@link #unwrapFileChannel()}
     */
    FileDescriptor unwrapFileDescriptorObject();

    @Override
    PlatformHandle pass();
}
