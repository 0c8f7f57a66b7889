package org.jmojo.conformance.bindings;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/**
 * A test's pipes with an implementation bound on one end and a {@link Remote} on the other, and
 * whatever else the test hands it; {@link #close()} (from {@code @AfterEach}) closes them all.
 */
final class BoundPipes implements AutoCloseable {

    /** How long a test waits for a future: only a bound on a failing run. */
    static final long WAIT_S = 30;

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private final BindingMode mode;

    /** Pipes whose ends {@link #connect} binds as {@code mode} says. */
    BoundPipes(BindingMode mode) {
        this.mode = mode;
    }

    /** {@code impl} as {@code service} on one end of a new pipe, a remote of {@code client} on the other. */
    <C, S> Remote<C> connect(InterfaceDescriptor<C> client, InterfaceDescriptor<S> service, S impl,
            Consumer<DisconnectReason> serviceLost) {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Receiver<S> receiver = mode.bind(new PendingReceiver<>(service, pipe.end1()), impl);
        receiver.setDisconnectHandler(serviceLost);
        Remote<C> remote = mode.bind(new PendingRemote<>(client, pipe.end0()));
        toClose.add(remote);
        toClose.add(receiver);
        return remote;
    }

    /** {@link #connect(InterfaceDescriptor, InterfaceDescriptor, Object, Consumer)} for one interface. */
    <I> Remote<I> connect(InterfaceDescriptor<I> iface, I impl) {
        return connect(iface, iface, impl, reason -> {});
    }

    /** Closes {@code c} with the rest. */
    <T extends AutoCloseable> T add(T c) {
        toClose.add(c);
        return c;
    }

    /** The value of {@code f}, waiting at most {@link #WAIT_S} seconds. */
    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }
}
