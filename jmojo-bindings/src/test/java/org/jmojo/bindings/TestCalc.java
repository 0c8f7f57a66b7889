package org.jmojo.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.Encoder;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodCaller;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.MojomGenerated;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValidatingReader;
import org.jmojo.system.Handle;

/**
 * A small interface with its binding written by hand, as jmojom would generate it, so that this
 * module's tests drive {@link Remote}, {@link Receiver} and the router without the compiler (which
 * depends on this module). In Mojom:
 *
 * <pre>
 * interface Calc {                                                // version 1
 *   Add(int32 a, int32 b) => (int32 a, int32 b);                  // 0: answers (a + b, 0)
 *   Note(int32 a, int32 b);                                       // 1
 *   [Sync] Twice(int32 a, int32 b) => (int32 a, int32 b);         // 2
 *   [Sync, NoInterrupt] Quiet(int32 a, int32 b) => (int32 a, int32 b); // 3
 *   BindSub(pending_associated_receiver&lt;Calc&gt; sub);                // 4
 *   MakeSub() => (pending_associated_remote&lt;Calc&gt; sub);             // 5
 *   Adopt(pending_associated_receiver&lt;Calc&gt; sub) => (int32 a, int32 b); // 6
 * };
 * </pre>
 *
 * Every {@code int32} pair is the struct {@link Ints} (16 bytes: a at 8, b at 12).
 */
@MojomGenerated(source = "TestCalc.java (hand-written test fixture)", codecs = TestCalc.Binding.class)
public interface TestCalc {

    String NAME = "t.Calc";
    int VERSION = 1;
    InterfaceDescriptor<TestCalc> DESCRIPTOR = InterfaceDescriptor.of(TestCalc.class, NAME, VERSION);

    int ADD = 0;
    int NOTE = 1;
    int TWICE = 2;
    int QUIET = 3;
    int BIND_SUB = 4;
    int MAKE_SUB = 5;
    int ADOPT = 6;

    CompletableFuture<Integer> add(int a, int b);

    void note(int n);

    CompletableFuture<Integer> twice(int n);

    /** The blocking form: a proxy makes a sync call. */
    default int twiceSync(int n) {
        return twice(n).join();
    }

    CompletableFuture<Integer> quiet(int n);

    /** The blocking form of the {@code [NoInterrupt]} method. */
    default int quietSync(int n) {
        return quiet(n).join();
    }

    void bindSub(PendingAssociatedReceiver<TestCalc> sub);

    CompletableFuture<PendingAssociatedRemote<TestCalc>> makeSub();

    CompletableFuture<Integer> adopt(PendingAssociatedReceiver<TestCalc> sub);

    /** An implementation whose methods fail until a test overrides the ones it uses. */
    class Base implements TestCalc {
        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            return CompletableFuture.completedFuture(a + b);
        }

        @Override
        public void note(int n) {
            throw new UnsupportedOperationException("note");
        }

        @Override
        public CompletableFuture<Integer> twice(int n) {
            return CompletableFuture.completedFuture(2 * n);
        }

        @Override
        public CompletableFuture<Integer> quiet(int n) {
            return CompletableFuture.completedFuture(n);
        }

        @Override
        public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
            throw new UnsupportedOperationException("bindSub");
        }

        @Override
        public CompletableFuture<PendingAssociatedRemote<TestCalc>> makeSub() {
            throw new UnsupportedOperationException("makeSub");
        }

        @Override
        public CompletableFuture<Integer> adopt(PendingAssociatedReceiver<TestCalc> sub) {
            throw new UnsupportedOperationException("adopt");
        }
    }

    /** Two int32 values: the parameters and the response of the numeric methods. */
    record Ints(int a, int b) {}

    /** {@code struct { pending_associated_receiver<Calc> sub; }} */
    record SubReceiver(PendingAssociatedReceiver<TestCalc> sub) {}

    /** {@code struct { pending_associated_remote<Calc> sub; }} */
    record SubRemote(PendingAssociatedRemote<TestCalc> sub) {}

    /** {@code struct {}} */
    record Empty() {}

    /** The codecs and the binding. */
    final class Binding implements InterfaceBinding<TestCalc> {

        static final StructSchema INTS = new StructSchema("t.Ints", List.of(
                new FieldSchema("a", 0, new MojomKind.Primitive(MojomKind.PrimitiveType.INT32), 8, 0, 0),
                new FieldSchema("b", 1, new MojomKind.Primitive(MojomKind.PrimitiveType.INT32), 12, 0, 0)),
                List.of(new StructSchema.VersionSize(0, 16)));
        static final StructSchema SUB_RECEIVER = new StructSchema("t.SubReceiver", List.of(
                new FieldSchema("sub", 0, new MojomKind.Endpoint(MojomKind.EndpointType.ASSOCIATED_RECEIVER, NAME, false),
                        8, 0, 0)),
                List.of(new StructSchema.VersionSize(0, 16)));
        static final StructSchema SUB_REMOTE = new StructSchema("t.SubRemote", List.of(
                new FieldSchema("sub", 0, new MojomKind.Endpoint(MojomKind.EndpointType.ASSOCIATED_REMOTE, NAME, false),
                        8, 0, 0)),
                List.of(new StructSchema.VersionSize(0, 16)));
        static final StructSchema EMPTY = new StructSchema("t.Empty", List.of(),
                List.of(new StructSchema.VersionSize(0, 8)));

        static final StructCodec<Ints> INTS_CODEC = new StructCodec<>(Ints.class, INTS) {
            @Override
            public int encode(Encoder encoder, Ints value) {
                int at = encoder.allocate(16);
                encoder.putStructHeader(at, 16, 0);
                encoder.putInt32(at + 8, value.a());
                encoder.putInt32(at + 12, value.b());
                return at;
            }

            @Override
            public long encodedSize(Ints value) {
                return 16;
            }

            @Override
            public Ints decode(ValidatingReader reader, long at) throws ValidationException {
                reader.structHeader(at, INTS);
                Decoder d = reader.decoder();
                Ints value = new Ints(d.getInt32(at + 8), d.getInt32(at + 12));
                if (value.a() == BINDING_BUG) {
                    throw new IllegalStateException("a bug of the binding (planted by the test)");
                }
                DECODED.add(value.a());
                return value;
            }
        };

        static final StructCodec<SubReceiver> SUB_RECEIVER_CODEC = new StructCodec<>(SubReceiver.class, SUB_RECEIVER) {
            @Override
            public int encode(Encoder encoder, SubReceiver value) {
                int at = encoder.allocate(16);
                encoder.putStructHeader(at, 16, 0);
                encoder.putInt32(at + 8, encoder.appendAssociatedEndpoint(value.sub()));
                return at;
            }

            @Override
            public long encodedSize(SubReceiver value) {
                return 16;
            }

            @Override
            public SubReceiver decode(ValidatingReader reader, long at) throws ValidationException {
                reader.structHeader(at, SUB_RECEIVER);
                reader.field(at, SUB_RECEIVER, 0);
                long id = reader.interfaceId(at + 8);
                return new SubReceiver(id < 0 ? null : new PendingAssociatedReceiver<>(DESCRIPTOR, (int) id));
            }
        };

        static final StructCodec<SubRemote> SUB_REMOTE_CODEC = new StructCodec<>(SubRemote.class, SUB_REMOTE) {
            @Override
            public int encode(Encoder encoder, SubRemote value) {
                int at = encoder.allocate(16);
                encoder.putStructHeader(at, 16, 0);
                encoder.putInt32(at + 8, encoder.appendAssociatedEndpoint(value.sub()));
                encoder.putInt32(at + 12, value.sub().version());
                return at;
            }

            @Override
            public long encodedSize(SubRemote value) {
                return 16;
            }

            @Override
            public SubRemote decode(ValidatingReader reader, long at) throws ValidationException {
                reader.structHeader(at, SUB_REMOTE);
                reader.field(at, SUB_REMOTE, 0);
                long id = reader.interfaceId(at + 8);
                return new SubRemote(id < 0 ? null
                        : new PendingAssociatedRemote<>(DESCRIPTOR, (int) id, reader.decoder().getInt32(at + 12)));
            }
        };

        static final StructCodec<Empty> EMPTY_CODEC = new StructCodec<>(Empty.class, EMPTY) {
            @Override
            public int encode(Encoder encoder, Empty value) {
                int at = encoder.allocate(8);
                encoder.putStructHeader(at, 8, 0);
                return at;
            }

            @Override
            public long encodedSize(Empty value) {
                return 8;
            }

            @Override
            public Empty decode(ValidatingReader reader, long at) throws ValidationException {
                reader.structHeader(at, EMPTY);
                return new Empty();
            }
        };

        static final InterfaceSchema SCHEMA = new InterfaceSchema(NAME, VERSION, List.of(
                new MethodSchema("Add", ADD, INTS, INTS, false, false),
                new MethodSchema("Note", NOTE, INTS, null, false, false),
                new MethodSchema("Twice", TWICE, INTS, INTS, true, false),
                new MethodSchema("Quiet", QUIET, INTS, INTS, true, true),
                new MethodSchema("BindSub", BIND_SUB, SUB_RECEIVER, null, false, false),
                new MethodSchema("MakeSub", MAKE_SUB, EMPTY, SUB_REMOTE, false, false),
                new MethodSchema("Adopt", ADOPT, SUB_RECEIVER, INTS, false, false)));

        static final Binding INSTANCE = new Binding();

        static {
            Codecs.register(MethodHandles.lookup(), TestCalc.class, INSTANCE);
        }

        private Binding() {}

        /** A first value whose decoding throws as a buggy binding would: the pipe cannot be trusted then. */
        static final int BINDING_BUG = Integer.MIN_VALUE + 1;

        /** The first values of the {@link Ints} the binding decoded (on the reading thread), for tests to wait on. */
        private static final java.util.Set<Integer> DECODED = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private static final java.util.concurrent.atomic.AtomicInteger MARKS =
                new java.util.concurrent.atomic.AtomicInteger(1_000_000);

        /** A value no other call of this run passes, to tell when a request carrying it was read. */
        static int mark() {
            return MARKS.incrementAndGet();
        }

        /** Waits until the request whose first value is {@code mark} was read and decoded by a receiver. */
        static void awaitDecoded(int mark) {
            while (!DECODED.contains(mark)) { // the calling test class's @Timeout is the hang guard
                Thread.yield();
            }
        }

        static MethodSchema method(int ordinal) {
            return SCHEMA.methods().get(ordinal);
        }

        @Override
        public InterfaceDescriptor<TestCalc> descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public InterfaceSchema schema() {
            return SCHEMA;
        }

        @Override
        public TestCalc proxy(MethodCaller caller) {
            return new TestCalc() {
                @Override
                public CompletableFuture<Integer> add(int a, int b) {
                    return caller.call(method(ADD), INTS_CODEC, new Ints(a, b), INTS_CODEC).thenApply(Ints::a);
                }

                @Override
                public void note(int n) {
                    caller.send(method(NOTE), INTS_CODEC, new Ints(n, 0));
                }

                @Override
                public CompletableFuture<Integer> twice(int n) {
                    return caller.call(method(TWICE), INTS_CODEC, new Ints(n, 0), INTS_CODEC).thenApply(Ints::a);
                }

                @Override
                public int twiceSync(int n) {
                    return caller.callSync(method(TWICE), INTS_CODEC, new Ints(n, 0), INTS_CODEC).a();
                }

                @Override
                public CompletableFuture<Integer> quiet(int n) {
                    return caller.call(method(QUIET), INTS_CODEC, new Ints(n, 0), INTS_CODEC).thenApply(Ints::a);
                }

                @Override
                public int quietSync(int n) {
                    return caller.callSync(method(QUIET), INTS_CODEC, new Ints(n, 0), INTS_CODEC).a();
                }

                @Override
                public void bindSub(PendingAssociatedReceiver<TestCalc> sub) {
                    caller.send(method(BIND_SUB), SUB_RECEIVER_CODEC, new SubReceiver(sub));
                }

                @Override
                public CompletableFuture<PendingAssociatedRemote<TestCalc>> makeSub() {
                    return caller.call(method(MAKE_SUB), EMPTY_CODEC, new Empty(), SUB_REMOTE_CODEC)
                            .thenApply(SubRemote::sub);
                }

                @Override
                public CompletableFuture<Integer> adopt(PendingAssociatedReceiver<TestCalc> sub) {
                    return caller.call(method(ADOPT), SUB_RECEIVER_CODEC, new SubReceiver(sub), INTS_CODEC)
                            .thenApply(Ints::a);
                }
            };
        }

        @Override
        public Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
                List<? extends Handle> handles) throws ValidationException {
            return switch (method.ordinal()) {
                case ADD, NOTE, TWICE, QUIET -> MessageBuilder.decodeParams(message, header, handles, INTS_CODEC);
                case BIND_SUB, ADOPT -> MessageBuilder.decodeParams(message, header, handles, SUB_RECEIVER_CODEC);
                case MAKE_SUB -> MessageBuilder.decodeParams(message, header, handles, EMPTY_CODEC);
                default -> throw new IllegalArgumentException("not a method of t.Calc: " + method);
            };
        }

        @Override
        public Response<?> invoke(TestCalc implementation, MethodSchema method, Object params) {
            return switch (method.ordinal()) {
                case ADD -> {
                    Ints p = (Ints) params;
                    yield new Response<>(INTS_CODEC, implementation.add(p.a(), p.b()).thenApply(r -> new Ints(r, 0)));
                }
                case NOTE -> {
                    implementation.note(((Ints) params).a());
                    yield null;
                }
                case TWICE -> new Response<>(INTS_CODEC,
                        implementation.twice(((Ints) params).a()).thenApply(r -> new Ints(r, 0)));
                case QUIET -> new Response<>(INTS_CODEC,
                        implementation.quiet(((Ints) params).a()).thenApply(r -> new Ints(r, 0)));
                case BIND_SUB -> {
                    implementation.bindSub(((SubReceiver) params).sub());
                    yield null;
                }
                case MAKE_SUB -> new Response<>(SUB_REMOTE_CODEC, implementation.makeSub().thenApply(SubRemote::new));
                case ADOPT -> new Response<>(INTS_CODEC,
                        implementation.adopt(((SubReceiver) params).sub()).thenApply(r -> new Ints(r, 0)));
                default -> throw new IllegalArgumentException("not a method of t.Calc: " + method);
            };
        }
    }
}
