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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The base of the binding tests that run once per {@link BindingMode}: a subclass's constructor takes the mode
 * (both annotations are inherited), binds through {@link #mode}, and hands whatever it opens to
 * {@link #closeLater}, which closes it after each test, in the order given.
 */
@ParameterizedClass
@EnumSource(BindingMode.class)
abstract class BindingModeTest {

    /** How long a test waits for a future or a queue: only a bound on a failing run. */
    static final long WAIT_S = 30;

    /** How this run binds receivers and remotes. */
    final BindingMode mode;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    BindingModeTest(BindingMode mode) {
        this.mode = mode;
    }

    @AfterEach
    final void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Closes {@code c} after the test; returns it. */
    final <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** The value of {@code f}, waiting at most {@link #WAIT_S} seconds. */
    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    /** {@code impl} as {@code service} on one end of a new pipe, a remote of {@code client} on the other. */
    final <C, S> Remote<C> connect(InterfaceDescriptor<C> client, InterfaceDescriptor<S> service, S impl,
            Consumer<DisconnectReason> serviceLost) {
        MessagePipe pipe = Core.instance().createMessagePipe();
        Receiver<S> receiver = mode.bind(new PendingReceiver<>(service, pipe.end1()), impl);
        receiver.setDisconnectHandler(serviceLost);
        Remote<C> remote = mode.bind(new PendingRemote<>(client, pipe.end0()));
        closeLater(remote);
        closeLater(receiver);
        return remote;
    }

    /** {@link #connect(InterfaceDescriptor, InterfaceDescriptor, Object, Consumer)} for one interface. */
    final <I> Remote<I> connect(InterfaceDescriptor<I> iface, I impl) {
        return connect(iface, iface, impl, reason -> {});
    }
}
