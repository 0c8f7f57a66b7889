package org.jmojo.internal.handles;

import java.io.FileDescriptor;
import java.lang.ref.Reference;
import java.nio.channels.FileChannel;
import org.jmojo.internal.platform.OpenFiles;
import org.jmojo.system.PlatformHandle;

/** The {@link PlatformHandle} object; each operation ends with a reachability fence (see {@link HandleHolder}). */
final class PlatformHandleImpl extends HandleHolder<PlatformDispatcher> implements PlatformHandle {
    PlatformHandleImpl(PlatformDispatcher dispatcher) {
        super(dispatcher);
    }

    @Override
    public int unwrapFileDescriptor() {
        try (RequestContext c = RequestContext.enter()) {
            return dispatcher().unwrap(fd -> fd.release(), "descriptor number");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public FileChannel unwrapFileChannel() {
        try (RequestContext c = RequestContext.enter()) {
            return dispatcher().unwrap(OpenFiles::reopenAsChannel, "FileChannel");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public FileDescriptor unwrapFileDescriptorObject() {
        try (RequestContext c = RequestContext.enter()) {
            return dispatcher().unwrap(OpenFiles::reopenAsFileDescriptor, "FileDescriptor");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public PlatformHandle pass() {
        return new PlatformHandleImpl(take());
    }
}
