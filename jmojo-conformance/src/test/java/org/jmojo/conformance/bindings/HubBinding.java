package org.jmojo.conformance.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import jmojo.test.assoc.Hub;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.PendingAssociatedReceiver;
import org.jmojo.bindings.PendingAssociatedRemote;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.Encoder;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodCaller;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.ValidatingReader;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipeEndpoint;

/** The binding of {@link HubApi}, hand-written as the generator is to emit it. */
final class HubBinding implements InterfaceBinding<HubApi> {

    static final HubBinding INSTANCE = new HubBinding();

    private static final MethodSchema BIND_COUNTER = Hub.SCHEMA.methods().get(0);
    private static final MethodSchema MAKE_COUNTER = Hub.SCHEMA.methods().get(1);
    private static final MethodSchema ATTACH = Hub.SCHEMA.methods().get(2);
    private static final MethodSchema LOG = Hub.SCHEMA.methods().get(3);
    private static final MethodSchema ADOPT = Hub.SCHEMA.methods().get(4);
    private static final StructCodec<Hub.AdoptParams> ADOPT_PARAMS = Codecs.struct(Hub.AdoptParams.class);
    private static final StructCodec<Hub.AdoptResponseParams> ADOPT_RESPONSE =
            Codecs.struct(Hub.AdoptResponseParams.class);
    private static final StructCodec<Hub.BindCounterParams> BIND_COUNTER_PARAMS = retyping(
            Codecs.struct(Hub.BindCounterParams.class), p -> p.toBuilder().setCounter(cast(
                    new PendingAssociatedReceiver<>(CounterApi.DESCRIPTOR, p.getCounter().interfaceId()))).build());
    private static final StructCodec<Hub.MakeCounterParams> MAKE_COUNTER_PARAMS =
            Codecs.struct(Hub.MakeCounterParams.class);
    private static final StructCodec<Hub.MakeCounterResponseParams> MAKE_COUNTER_RESPONSE = retyping(
            Codecs.struct(Hub.MakeCounterResponseParams.class), p -> p.toBuilder().setCounter(cast(
                    new PendingAssociatedRemote<>(CounterApi.DESCRIPTOR, p.getCounter().interfaceId(),
                            p.getCounter().version()))).build());
    private static final StructCodec<Hub.AttachParams> ATTACH_PARAMS = retyping(
            Codecs.struct(Hub.AttachParams.class), p -> p.toBuilder().setCounter(cast(
                    new PendingAssociatedRemote<>(CounterApi.DESCRIPTOR, p.getCounter().interfaceId(),
                            p.getCounter().version()))).build());
    private static final StructCodec<Hub.AttachResponseParams> ATTACH_RESPONSE =
            Codecs.struct(Hub.AttachResponseParams.class);
    private static final StructCodec<Hub.LogParams> LOG_PARAMS = Codecs.struct(Hub.LogParams.class);

    static {
        Codecs.register(MethodHandles.lookup(), HubApi.class, INSTANCE);
    }

    private HubBinding() {}

    /**
     * The generated structs type their associated ends with the generated holder class
     * ({@code PendingAssociatedReceiver<Counter>}); this hand-written stand-in types them with
     * {@link CounterApi}, which has the binding. So it decodes with the generated codec and then,
     * still inside the bindings' decoding of the message, rebuilds each end with
     * {@code CounterApi.DESCRIPTOR} (the end built last for an ID owns it). Generated bindings will
     * not need this: there the interface and its descriptor are one type.
     */
    private static <P> StructCodec<P> retyping(StructCodec<P> generated, UnaryOperator<P> retype) {
        return new StructCodec<>(generated.type(), generated.schema()) {
            @Override
            public int encode(Encoder encoder, P value) {
                return generated.encode(encoder, value);
            }

            @Override
            public long encodedSize(P value) {
                return generated.encodedSize(value);
            }

            @Override
            public P decode(ValidatingReader reader, long at) throws ValidationException {
                return retype.apply(generated.decode(reader, at));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    @Override
    public InterfaceDescriptor<HubApi> descriptor() {
        return HubApi.DESCRIPTOR;
    }

    @Override
    public InterfaceSchema schema() {
        return Hub.SCHEMA;
    }

    @Override
    public HubApi proxy(MethodCaller caller) {
        return new Proxy(caller);
    }

    @Override
    public Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
            List<? extends Handle> handles) throws ValidationException {
        return switch (method.ordinal()) {
            case Hub.BIND_COUNTER_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, BIND_COUNTER_PARAMS);
            case Hub.MAKE_COUNTER_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, MAKE_COUNTER_PARAMS);
            case Hub.ATTACH_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, ATTACH_PARAMS);
            case Hub.LOG_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, LOG_PARAMS);
            case Hub.ADOPT_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, ADOPT_PARAMS);
            default -> throw new IllegalArgumentException("not a method of " + Hub.NAME + ": " + method);
        };
    }

    @Override
    public Response<?> invoke(HubApi impl, MethodSchema method, Object params) {
        return switch (method.ordinal()) {
            case Hub.BIND_COUNTER_ORDINAL -> {
                impl.bindCounter(cast(((Hub.BindCounterParams) params).getCounter()));
                yield null;
            }
            case Hub.MAKE_COUNTER_ORDINAL -> new Response<>(MAKE_COUNTER_RESPONSE, impl.makeCounter()
                    .thenApply(c -> Hub.MakeCounterResponseParams.newBuilder().setCounter(cast(c)).build()));
            case Hub.ATTACH_ORDINAL -> new Response<>(ATTACH_RESPONSE,
                    impl.attach(cast(((Hub.AttachParams) params).getCounter()))
                            .thenApply(v -> Hub.AttachResponseParams.newBuilder().build()));
            case Hub.LOG_ORDINAL -> {
                impl.log(((Hub.LogParams) params).getText());
                yield null;
            }
            case Hub.ADOPT_ORDINAL -> {
                Hub.AdoptParams p = (Hub.AdoptParams) params;
                // The generated end is typed with the holder class; rewrap its endpoint as CounterApi's.
                PendingReceiver<CounterApi> counter = p.getCounter() == null ? null
                        : new PendingReceiver<>(CounterApi.DESCRIPTOR, p.getCounter().passEndpoint());
                yield new Response<>(ADOPT_RESPONSE, impl.adopt(counter, p.getSpare())
                        .thenApply(b -> Hub.AdoptResponseParams.newBuilder().setBound(b).build()));
            }
            default -> throw new IllegalArgumentException("not a method of " + Hub.NAME + ": " + method);
        };
    }

    private record Proxy(MethodCaller caller) implements HubApi {

        @Override
        public void bindCounter(PendingAssociatedReceiver<CounterApi> counter) {
            caller.send(BIND_COUNTER, BIND_COUNTER_PARAMS,
                    Hub.BindCounterParams.newBuilder().setCounter(cast(counter)).build());
        }

        @Override
        public CompletableFuture<PendingAssociatedRemote<CounterApi>> makeCounter() {
            return caller.call(MAKE_COUNTER, MAKE_COUNTER_PARAMS, Hub.MakeCounterParams.newBuilder().build(),
                    MAKE_COUNTER_RESPONSE).thenApply(r -> cast(r.getCounter()));
        }

        @Override
        public CompletableFuture<Void> attach(PendingAssociatedRemote<CounterApi> counter) {
            return caller.call(ATTACH, ATTACH_PARAMS, Hub.AttachParams.newBuilder().setCounter(cast(counter)).build(),
                    ATTACH_RESPONSE).thenApply(r -> null);
        }

        @Override
        public CompletableFuture<Boolean> adopt(PendingReceiver<CounterApi> counter, MessagePipeEndpoint spare) {
            return caller.call(ADOPT, ADOPT_PARAMS, Hub.AdoptParams.newBuilder()
                    .setCounter(counter == null ? null : new PendingReceiver<>(jmojo.test.assoc.Counter.DESCRIPTOR,
                            counter.passEndpoint()))
                    .setSpare(spare).build(), ADOPT_RESPONSE).thenApply(Hub.AdoptResponseParams::getBound);
        }

        @Override
        public void log(String text) {
            caller.send(LOG, LOG_PARAMS, Hub.LogParams.newBuilder().setText(text).build());
        }
    }
}
