package org.jmojo.internal.handles;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Right;

/**
 * The {@link MessagePipeEndpoint} handle object. Each operation ends with reachability fences on this
 * object and on the handles it attaches, so the leak detector never closes them mid-call (see
 * {@link HandleHolder}).
 */
final class EndpointHandle extends HandleHolder<EndpointDispatcher> implements MessagePipeEndpoint {
    EndpointHandle(EndpointDispatcher dispatcher) {
        super(dispatcher);
    }

    @Override
    public MojoResult writeMessage(byte[] bytes, List<? extends Handle> handles) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(handles, "handles");
        EndpointDispatcher d = dispatcher();
        try (RequestContext c = RequestContext.enter()) {
            return d.write(bytes, handles);
        } finally {
            Reference.reachabilityFence(handles);
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public MojoResult writeMessage(ByteBuffer bytes, List<? extends Handle> handles) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(handles, "handles");
        EndpointDispatcher d = dispatcher();
        try (RequestContext c = RequestContext.enter()) {
            return d.write(bytes.remaining(), () -> {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                return copy;
            }, handles);
        } finally {
            Reference.reachabilityFence(handles);
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public MojoResult writeMessage(MemorySegment bytes, List<? extends Handle> handles) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(handles, "handles");
        EndpointDispatcher d = dispatcher();
        try (RequestContext c = RequestContext.enter()) {
            return d.write(bytes.byteSize(), () -> bytes.toArray(ValueLayout.JAVA_BYTE), handles);
        } finally {
            Reference.reachabilityFence(handles);
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ReadResult readMessage() {
        EndpointDispatcher d = dispatcher();
        try (RequestContext c = RequestContext.enter()) {
            return d.read();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public CompletableFuture<Message> readAsync(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        dispatcher().checkUsable(Right.READ);
        return AsyncRead.start(this, executor);
    }

    @Override
    public void setReceiveQuota(ReceiveQuota quota) {
        Objects.requireNonNull(quota, "quota");
        EndpointDispatcher d = dispatcher();
        try (RequestContext c = RequestContext.enter()) {
            d.setQuota(quota);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ReceiveQuota receiveQuota() {
        try {
            return dispatcher().quota();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public Optional<ClosureReason> peerClosureReason() {
        try {
            return dispatcher().peerClosureReason();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public long queuedMessages() {
        try {
            return dispatcher().status().queuedMessages();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public long queuedBytes() {
        try {
            return dispatcher().status().queuedBytes();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public MessagePipeEndpoint pass() {
        return new EndpointHandle(take());
    }
}
