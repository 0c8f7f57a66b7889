package org.jmojo.conformance.bindings;

import java.util.concurrent.CompletableFuture;
import jmojo.test.assoc.Hub;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.PendingAssociatedReceiver;
import org.jmojo.bindings.PendingAssociatedRemote;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.runtime.MojomGenerated;
import org.jmojo.system.MessagePipeEndpoint;

/** The Java interface of {@code jmojo.test.assoc.Hub}, as the generator is to emit it (see {@link CalcApi}). */
@MojomGenerated(source = "associated_test.mojom", codecs = HubBinding.class)
public interface HubApi {

    InterfaceDescriptor<HubApi> DESCRIPTOR = InterfaceDescriptor.of(HubApi.class, Hub.NAME, Hub.VERSION);

    void bindCounter(PendingAssociatedReceiver<CounterApi> counter);

    CompletableFuture<PendingAssociatedRemote<CounterApi>> makeCounter();

    CompletableFuture<Void> attach(PendingAssociatedRemote<CounterApi> counter);

    void log(String text);

    /** Binds {@code counter} if given and closes {@code spare} if given; answers whether it bound one. */
    CompletableFuture<Boolean> adopt(PendingReceiver<CounterApi> counter, MessagePipeEndpoint spare);
}
