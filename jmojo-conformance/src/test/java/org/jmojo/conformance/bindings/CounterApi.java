package org.jmojo.conformance.bindings;

import java.util.concurrent.CompletableFuture;
import jmojo.test.assoc.Counter;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.runtime.MojomGenerated;

/** The Java interface of {@code jmojo.test.assoc.Counter}, as the generator is to emit it (see {@link CalcApi}). */
@MojomGenerated(source = "associated_test.mojom", codecs = CounterBinding.class)
public interface CounterApi {

    InterfaceDescriptor<CounterApi> DESCRIPTOR = InterfaceDescriptor.of(CounterApi.class, Counter.NAME,
            Counter.VERSION);

    void add(int n);

    CompletableFuture<Integer> total();
}
