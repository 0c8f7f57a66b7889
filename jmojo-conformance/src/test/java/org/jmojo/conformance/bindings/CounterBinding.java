package org.jmojo.conformance.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jmojo.test.assoc.Counter;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodCaller;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.system.Handle;

/** The binding of {@link CounterApi}, hand-written as the generator is to emit it. */
final class CounterBinding implements InterfaceBinding<CounterApi> {

    static final CounterBinding INSTANCE = new CounterBinding();

    private static final MethodSchema ADD = Counter.SCHEMA.methods().get(0);
    private static final MethodSchema TOTAL = Counter.SCHEMA.methods().get(1);
    private static final StructCodec<Counter.AddParams> ADD_PARAMS = Codecs.struct(Counter.AddParams.class);
    private static final StructCodec<Counter.TotalParams> TOTAL_PARAMS = Codecs.struct(Counter.TotalParams.class);
    private static final StructCodec<Counter.TotalResponseParams> TOTAL_RESPONSE =
            Codecs.struct(Counter.TotalResponseParams.class);

    static {
        Codecs.register(MethodHandles.lookup(), CounterApi.class, INSTANCE);
    }

    private CounterBinding() {}

    @Override
    public InterfaceDescriptor<CounterApi> descriptor() {
        return CounterApi.DESCRIPTOR;
    }

    @Override
    public InterfaceSchema schema() {
        return Counter.SCHEMA;
    }

    @Override
    public CounterApi proxy(MethodCaller caller) {
        return new Proxy(caller);
    }

    @Override
    public Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
            List<? extends Handle> handles) throws ValidationException {
        return switch (method.ordinal()) {
            case Counter.ADD_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, ADD_PARAMS);
            case Counter.TOTAL_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, TOTAL_PARAMS);
            default -> throw new IllegalArgumentException("not a method of " + Counter.NAME + ": " + method);
        };
    }

    @Override
    public Response<?> invoke(CounterApi impl, MethodSchema method, Object params) {
        return switch (method.ordinal()) {
            case Counter.ADD_ORDINAL -> {
                impl.add(((Counter.AddParams) params).getN());
                yield null;
            }
            case Counter.TOTAL_ORDINAL -> new Response<>(TOTAL_RESPONSE, impl.total()
                    .thenApply(t -> Counter.TotalResponseParams.newBuilder().setTotal(t).build()));
            default -> throw new IllegalArgumentException("not a method of " + Counter.NAME + ": " + method);
        };
    }

    private record Proxy(MethodCaller caller) implements CounterApi {

        @Override
        public void add(int n) {
            caller.send(ADD, ADD_PARAMS, Counter.AddParams.newBuilder().setN(n).build());
        }

        @Override
        public CompletableFuture<Integer> total() {
            return caller.call(TOTAL, TOTAL_PARAMS, Counter.TotalParams.newBuilder().build(), TOTAL_RESPONSE)
                    .thenApply(Counter.TotalResponseParams::getTotal);
        }
    }
}
