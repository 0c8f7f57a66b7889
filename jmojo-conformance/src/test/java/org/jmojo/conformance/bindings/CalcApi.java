package org.jmojo.conformance.bindings;

import java.util.concurrent.CompletableFuture;
import jmojo.test.bindings.Calc;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.runtime.MojomGenerated;

/**
 * The Java interface of {@code jmojo.test.bindings.Calc}, written by hand as the generator is to emit
 * it (docs/architecture.md §6): one method per Mojom method, a future for a response, and for a
 * {@code [Sync]} method a blocking form whose default (used by implementations) waits on the future;
 * a proxy overrides it with a real blocking call. {@link MojomGenerated#codecs()} names the class
 * that registers the binding.
 */
@MojomGenerated(source = "bindings_test.mojom", codecs = CalcBinding.class)
public interface CalcApi {

    InterfaceDescriptor<CalcApi> DESCRIPTOR = InterfaceDescriptor.of(CalcApi.class, Calc.NAME, Calc.VERSION);

    CompletableFuture<Integer> add(int a, int b);

    void note(String text);

    CompletableFuture<Integer> hold(int token);

    CompletableFuture<Integer> twice(int n);

    /** The blocking form of the {@code [Sync]} method {@code Twice}. */
    default int twiceSync(int n) {
        return twice(n).join();
    }

    CompletableFuture<Integer> negate(int n);
}
