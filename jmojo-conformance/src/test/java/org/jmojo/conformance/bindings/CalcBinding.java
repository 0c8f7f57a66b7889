package org.jmojo.conformance.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jmojo.test.bindings.Calc;
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

/** The binding of {@link CalcApi}, hand-written exactly as the generator is to emit it. */
final class CalcBinding implements InterfaceBinding<CalcApi> {

    static final CalcBinding INSTANCE = new CalcBinding();

    private static final MethodSchema ADD = Calc.SCHEMA.methods().get(0);
    private static final MethodSchema NOTE = Calc.SCHEMA.methods().get(1);
    private static final MethodSchema HOLD = Calc.SCHEMA.methods().get(2);
    private static final MethodSchema TWICE = Calc.SCHEMA.methods().get(3);
    private static final MethodSchema NEGATE = Calc.SCHEMA.methods().get(4);

    private static final StructCodec<Calc.AddParams> ADD_PARAMS = Codecs.struct(Calc.AddParams.class);
    private static final StructCodec<Calc.AddResponseParams> ADD_RESPONSE = Codecs.struct(Calc.AddResponseParams.class);
    private static final StructCodec<Calc.NoteParams> NOTE_PARAMS = Codecs.struct(Calc.NoteParams.class);
    private static final StructCodec<Calc.HoldParams> HOLD_PARAMS = Codecs.struct(Calc.HoldParams.class);
    private static final StructCodec<Calc.HoldResponseParams> HOLD_RESPONSE =
            Codecs.struct(Calc.HoldResponseParams.class);
    private static final StructCodec<Calc.TwiceParams> TWICE_PARAMS = Codecs.struct(Calc.TwiceParams.class);
    private static final StructCodec<Calc.TwiceResponseParams> TWICE_RESPONSE =
            Codecs.struct(Calc.TwiceResponseParams.class);
    private static final StructCodec<Calc.NegateParams> NEGATE_PARAMS = Codecs.struct(Calc.NegateParams.class);
    private static final StructCodec<Calc.NegateResponseParams> NEGATE_RESPONSE =
            Codecs.struct(Calc.NegateResponseParams.class);

    static {
        Codecs.register(MethodHandles.lookup(), CalcApi.class, INSTANCE);
    }

    private CalcBinding() {}

    @Override
    public InterfaceDescriptor<CalcApi> descriptor() {
        return CalcApi.DESCRIPTOR;
    }

    @Override
    public InterfaceSchema schema() {
        return Calc.SCHEMA;
    }

    @Override
    public CalcApi proxy(MethodCaller caller) {
        return new Proxy(caller);
    }

    @Override
    public Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
            List<? extends Handle> handles) throws ValidationException {
        return switch (method.ordinal()) {
            case Calc.ADD_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, ADD_PARAMS);
            case Calc.NOTE_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, NOTE_PARAMS);
            case Calc.HOLD_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, HOLD_PARAMS);
            case Calc.TWICE_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, TWICE_PARAMS);
            case Calc.NEGATE_ORDINAL -> MessageBuilder.decodeParams(message, header, handles, NEGATE_PARAMS);
            default -> throw new IllegalArgumentException("not a method of " + Calc.NAME + ": " + method);
        };
    }

    @Override
    public Response<?> invoke(CalcApi impl, MethodSchema method, Object params) {
        return switch (method.ordinal()) {
            case Calc.ADD_ORDINAL -> {
                Calc.AddParams p = (Calc.AddParams) params;
                yield new Response<>(ADD_RESPONSE, impl.add(p.getA(), p.getB())
                        .thenApply(sum -> Calc.AddResponseParams.newBuilder().setSum(sum).build()));
            }
            case Calc.NOTE_ORDINAL -> {
                impl.note(((Calc.NoteParams) params).getText());
                yield null;
            }
            case Calc.HOLD_ORDINAL -> new Response<>(HOLD_RESPONSE, impl.hold(((Calc.HoldParams) params).getToken())
                    .thenApply(t -> Calc.HoldResponseParams.newBuilder().setToken(t).build()));
            case Calc.TWICE_ORDINAL -> new Response<>(TWICE_RESPONSE, impl.twice(((Calc.TwiceParams) params).getN())
                    .thenApply(n -> Calc.TwiceResponseParams.newBuilder().setN(n).build()));
            case Calc.NEGATE_ORDINAL -> new Response<>(NEGATE_RESPONSE,
                    impl.negate(((Calc.NegateParams) params).getN())
                            .thenApply(n -> Calc.NegateResponseParams.newBuilder().setN(n).build()));
            default -> throw new IllegalArgumentException("not a method of " + Calc.NAME + ": " + method);
        };
    }

    /** The proxy: encodes the arguments as the parameter struct and hands it to the router. */
    private record Proxy(MethodCaller caller) implements CalcApi {

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            return caller.call(ADD, ADD_PARAMS, Calc.AddParams.newBuilder().setA(a).setB(b).build(), ADD_RESPONSE)
                    .thenApply(Calc.AddResponseParams::getSum);
        }

        @Override
        public void note(String text) {
            caller.send(NOTE, NOTE_PARAMS, Calc.NoteParams.newBuilder().setText(text).build());
        }

        @Override
        public CompletableFuture<Integer> hold(int token) {
            return caller.call(HOLD, HOLD_PARAMS, Calc.HoldParams.newBuilder().setToken(token).build(), HOLD_RESPONSE)
                    .thenApply(Calc.HoldResponseParams::getToken);
        }

        @Override
        public CompletableFuture<Integer> twice(int n) {
            return caller.call(TWICE, TWICE_PARAMS, Calc.TwiceParams.newBuilder().setN(n).build(), TWICE_RESPONSE)
                    .thenApply(Calc.TwiceResponseParams::getN);
        }

        @Override
        public int twiceSync(int n) {
            return caller.callSync(TWICE, TWICE_PARAMS, Calc.TwiceParams.newBuilder().setN(n).build(), TWICE_RESPONSE)
                    .getN();
        }

        @Override
        public CompletableFuture<Integer> negate(int n) {
            return caller.call(NEGATE, NEGATE_PARAMS, Calc.NegateParams.newBuilder().setN(n).build(), NEGATE_RESPONSE)
                    .thenApply(Calc.NegateResponseParams::getN);
        }
    }
}
