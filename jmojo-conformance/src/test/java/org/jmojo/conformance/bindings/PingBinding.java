package org.jmojo.conformance.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jmojo.test.bindings.Ping;
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

/** The binding of {@link PingApi}, hand-written as the generator is to emit it. */
final class PingBinding implements InterfaceBinding<PingApi> {

    static final PingBinding INSTANCE = new PingBinding();

    private static final MethodSchema PING = Ping.SCHEMA.methods().get(0);
    private static final MethodSchema QUIET = Ping.SCHEMA.methods().get(1);
    private static final StructCodec<Ping.PingParams> PING_PARAMS = Codecs.struct(Ping.PingParams.class);
    private static final StructCodec<Ping.PingResponseParams> PING_RESPONSE =
            Codecs.struct(Ping.PingResponseParams.class);
    private static final StructCodec<Ping.QuietParams> QUIET_PARAMS = Codecs.struct(Ping.QuietParams.class);
    private static final StructCodec<Ping.QuietResponseParams> QUIET_RESPONSE =
            Codecs.struct(Ping.QuietResponseParams.class);

    static {
        Codecs.register(MethodHandles.lookup(), PingApi.class, INSTANCE);
    }

    private PingBinding() {}

    @Override
    public InterfaceDescriptor<PingApi> descriptor() {
        return PingApi.DESCRIPTOR;
    }

    @Override
    public InterfaceSchema schema() {
        return Ping.SCHEMA;
    }

    @Override
    public PingApi proxy(MethodCaller caller) {
        return new Proxy(caller);
    }

    @Override
    public Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
            List<? extends Handle> handles) throws ValidationException {
        return switch (method.ordinal()) {
            case Ping.PING_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, PING_PARAMS);
            case Ping.QUIET_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, QUIET_PARAMS);
            default -> throw new IllegalArgumentException("not a method of " + Ping.NAME + ": " + method);
        };
    }

    @Override
    public Response<?> invoke(PingApi impl, MethodSchema method, Object params) {
        return switch (method.ordinal()) {
            case Ping.PING_ORDINAL -> new Response<>(PING_RESPONSE, impl.ping(((Ping.PingParams) params).getDepth())
                    .thenApply(d -> Ping.PingResponseParams.newBuilder().setDepth(d).build()));
            case Ping.QUIET_ORDINAL -> new Response<>(QUIET_RESPONSE,
                    impl.quiet(((Ping.QuietParams) params).getDepth())
                            .thenApply(d -> Ping.QuietResponseParams.newBuilder().setDepth(d).build()));
            default -> throw new IllegalArgumentException("not a method of " + Ping.NAME + ": " + method);
        };
    }

    private record Proxy(MethodCaller caller) implements PingApi {

        @Override
        public CompletableFuture<Integer> ping(int depth) {
            return caller.call(PING, PING_PARAMS, Ping.PingParams.newBuilder().setDepth(depth).build(), PING_RESPONSE)
                    .thenApply(Ping.PingResponseParams::getDepth);
        }

        @Override
        public int pingSync(int depth) {
            return caller.callSync(PING, PING_PARAMS, Ping.PingParams.newBuilder().setDepth(depth).build(),
                    PING_RESPONSE).getDepth();
        }

        @Override
        public CompletableFuture<Integer> quiet(int depth) {
            return caller.call(QUIET, QUIET_PARAMS, Ping.QuietParams.newBuilder().setDepth(depth).build(),
                    QUIET_RESPONSE).thenApply(Ping.QuietResponseParams::getDepth);
        }

        @Override
        public int quietSync(int depth) {
            return caller.callSync(QUIET, QUIET_PARAMS, Ping.QuietParams.newBuilder().setDepth(depth).build(),
                    QUIET_RESPONSE).getDepth();
        }
    }
}
