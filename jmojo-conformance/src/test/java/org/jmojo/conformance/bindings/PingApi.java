package org.jmojo.conformance.bindings;

import java.util.concurrent.CompletableFuture;
import jmojo.test.bindings.Ping;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.runtime.MojomGenerated;

/** The Java interface of {@code jmojo.test.bindings.Ping}, as the generator is to emit it (see {@link CalcApi}). */
@MojomGenerated(source = "bindings_test.mojom", codecs = PingBinding.class)
public interface PingApi {

    InterfaceDescriptor<PingApi> DESCRIPTOR = InterfaceDescriptor.of(PingApi.class, Ping.NAME, Ping.VERSION);

    CompletableFuture<Integer> ping(int depth);

    /** The blocking form of the {@code [Sync]} method {@code Ping}. */
    default int pingSync(int depth) {
        return ping(depth).join();
    }

    CompletableFuture<Integer> quiet(int depth);

    /** The blocking form of the {@code [Sync, NoInterrupt]} method {@code Quiet}. */
    default int quietSync(int depth) {
        return quiet(depth).join();
    }
}
