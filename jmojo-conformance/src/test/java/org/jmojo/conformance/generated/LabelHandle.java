package org.jmojo.conformance.generated;

import java.lang.foreign.MemorySegment;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jmojo.bindings.DataPipeConsumerHandle;
import org.jmojo.bindings.DataPipeProducerHandle;
import org.jmojo.bindings.SharedBufferHandle;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Handle;
import org.jmojo.system.HandleType;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.ReadResult;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Right;
import org.jmojo.system.SignalsState;

/**
 * A stand-in handle that is only a label, for encoding tests: the encoder records attached handles
 * without using them, so only identity and the label matter. It has every handle type a generated
 * field can have (a message pipe endpoint, a platform handle and the kinds the core lacks), so it
 * fits any handle slot. Every handle operation fails.
 */
record LabelHandle(String label) implements MessagePipeEndpoint, SharedBufferHandle, DataPipeConsumerHandle,
        DataPipeProducerHandle, PlatformHandle {

    /** The labels of {@code handles}, which must all be label handles. */
    static List<String> labels(List<? extends Handle> handles) {
        return handles.stream().map(h -> ((LabelHandle) h).label()).toList();
    }

    @Override
    public int value() {
        throw unsupported("value");
    }

    @Override
    public boolean isValid() {
        return false;
    }

    @Override
    public HandleType type() {
        throw unsupported("type");
    }

    @Override
    public Set<Right> rights() {
        throw unsupported("rights");
    }

    @Override
    public void reduceRights(Set<Right> rights) {
        throw unsupported("reduceRights");
    }

    @Override
    public SignalsState querySignalsState() {
        throw unsupported("querySignalsState");
    }

    @Override
    public LabelHandle pass() {
        throw unsupported("pass");
    }

    @Override
    public int unwrapFileDescriptor() {
        throw unsupported("unwrapFileDescriptor");
    }

    @Override
    public FileChannel unwrapFileChannel() {
        throw unsupported("unwrapFileChannel");
    }

    @Override
    public FileDescriptor unwrapFileDescriptorObject() {
        throw unsupported("unwrapFileDescriptorObject");
    }

    @Override
    public MojoResult writeMessage(byte[] bytes, List<? extends Handle> handles) {
        throw unsupported("writeMessage");
    }

    @Override
    public MojoResult writeMessage(ByteBuffer bytes, List<? extends Handle> handles) {
        throw unsupported("writeMessage");
    }

    @Override
    public MojoResult writeMessage(MemorySegment bytes, List<? extends Handle> handles) {
        throw unsupported("writeMessage");
    }

    @Override
    public ReadResult readMessage() {
        throw unsupported("readMessage");
    }

    @Override
    public CompletableFuture<Message> readAsync(Executor executor) {
        throw unsupported("readAsync");
    }

    @Override
    public void setReceiveQuota(ReceiveQuota quota) {
        throw unsupported("setReceiveQuota");
    }

    @Override
    public ReceiveQuota receiveQuota() {
        throw unsupported("receiveQuota");
    }

    @Override
    public Optional<ClosureReason> peerClosureReason() {
        throw unsupported("peerClosureReason");
    }

    @Override
    public long queuedMessages() {
        throw unsupported("queuedMessages");
    }

    @Override
    public long queuedBytes() {
        throw unsupported("queuedBytes");
    }

    @Override
    public void close() {
        // Nothing to release: the label owns no system resource.
    }

    private UnsupportedOperationException unsupported(String op) {
        return new UnsupportedOperationException("LabelHandle " + label + " is a test label, not a handle: " + op);
    }
}
