package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.Encoder;
import org.jmojo.bindings.runtime.ValidatingReader;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodCaller;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.StructCodec;
import org.jmojo.conformance.ChromiumData;
import org.jmojo.conformance.DataFile;
import org.jmojo.conformance.ValidationCases;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Chromium's request-side validation cases through a real {@link Receiver}, not only through the
 * validator: each case's bytes (with as many message pipe endpoints attached as the case has
 * handles) are written to a pipe whose other end a receiver of the case's interface reads, with the
 * generated validating decoder of the method's parameters. A case that passes must reach the
 * implementation with the pipe still open; a case with an error must close the pipe with that
 * validation error reported to the receiver's disconnect handler, before the implementation sees
 * anything.
 */
class RouterConformanceTest {

    private static final long WAIT_S = 30;

    /** The implementation: records which method the router dispatched. */
    interface Recorder {
        void called(String method);
    }

    private interface Conformance extends Recorder {}

    private interface AssociatedConformance extends Recorder {}

    private interface BoundsCheck extends Recorder {}

    private interface Integration extends Recorder {}

    /** Binds a marker type to a generated interface class: its schema and its generated parameter codecs. */
    private record GeneratedBinding<I extends Recorder>(InterfaceDescriptor<I> descriptor, InterfaceSchema schema,
            Class<?> generated) implements InterfaceBinding<I> {

        static <I extends Recorder> void register(Class<I> marker, Class<?> generated) {
            try {
                InterfaceSchema schema = (InterfaceSchema) generated.getField("SCHEMA").get(null);
                Codecs.register(MethodHandles.lookup(), marker, new GeneratedBinding<>(
                        InterfaceDescriptor.of(marker, schema.name(), schema.version()), schema, generated));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A proxy whose {@code called(name)} calls the method {@code name} with an empty request. */
        @Override
        public I proxy(MethodCaller caller) {
            Class<I> marker = descriptor.type();
            return marker.cast(java.lang.reflect.Proxy.newProxyInstance(marker.getClassLoader(), new Class<?>[] {marker},
                    (proxy, m, args) -> {
                        if (!m.getName().equals("called")) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        MethodSchema method = schema.methods().stream().filter(x -> x.name().equals(args[0]))
                                .findFirst().orElseThrow();
                        CALLS.add(caller.call(method, emptyRequest(method), null, responseCodec(method)));
                        return null;
                    }));
        }

        @Override
        public Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
                List<? extends Handle> handles) throws ValidationException {
            String name = generated.getName() + "$" + method.name() + "Params";
            try {
                StructCodec<?> codec = Codecs.struct(Class.forName(name, true, generated.getClassLoader()));
                return MessageBuilder.decodeParams(message, header, handles, codec);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no generated parameter struct " + name, e);
            }
        }

        @Override
        public Response<?> invoke(I implementation, MethodSchema method, Object params) {
            implementation.called(method.name());
            return method.hasResponse() ? new Response<>(responseCodec(method), new CompletableFuture<>()) : null;
        }

        private StructCodec<?> responseCodec(MethodSchema method) {
            try {
                return Codecs.struct(Class.forName(generated.getName() + "$" + method.name() + "ResponseParams", true,
                        generated.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The futures of the calls the proxies made, in order. */
    private static final BlockingQueue<CompletableFuture<?>> CALLS = new LinkedBlockingQueue<>();

    /**
     * A codec that writes an empty struct (8 bytes, version 0) whatever the method's parameters: the
     * response cases only need a request in flight with the right id and method; no receiver reads it.
     */
    private static StructCodec<Object> emptyRequest(MethodSchema method) {
        return new StructCodec<>(Object.class, method.request()) {
            @Override
            public int encode(Encoder encoder, Object value) {
                int at = encoder.allocate(8);
                encoder.putInt32(at, 8);
                encoder.putInt32(at + 4, 0);
                return at;
            }

            @Override
            public long encodedSize(Object value) {
                return 8;
            }

            @Override
            public Object decode(ValidatingReader reader, long at) {
                throw new UnsupportedOperationException("requests of the response cases are never read");
            }
        };
    }

    static {
        GeneratedBinding.register(Conformance.class, mojo.test.ConformanceTestInterface.class);
        GeneratedBinding.register(AssociatedConformance.class, mojo.test.AssociatedConformanceTestInterface.class);
        GeneratedBinding.register(BoundsCheck.class, mojo.test.BoundsCheckTestInterface.class);
        GeneratedBinding.register(Integration.class, mojo.test.IntegrationTestInterface.class);
    }

    /**
     * Cases whose first error, in Chromium, lies after a {@code handle<data_pipe_consumer>} slot.
     * jmojo-core has no data pipes, so the test attaches message pipe endpoints, and the generated
     * decoder refuses the first one in a data-pipe slot ({@code DESERIALIZATION_FAILED}, naming the
     * handle type it needed) before it reaches Chromium's error. The message is still rejected
     * before any user code runs; the validator alone gives Chromium's answer for these cases
     * ({@code ConformanceSuiteTest}).
     */
    private static final java.util.Set<String> NEEDS_DATA_PIPES = java.util.Set.of(
            "conformance_mthd5_handle_out_of_range", "conformance_mthd5_multiple_handles_with_same_value_1");

    private static Class<? extends Recorder> markerFor(String interfaceName) {
        return switch (interfaceName) {
            case "ConformanceTestInterface" -> Conformance.class;
            case "AssociatedConformanceTestInterface" -> AssociatedConformance.class;
            case "BoundsCheckTestInterface" -> BoundsCheck.class;
            case "IntegrationTestInterface" -> Integration.class;
            default -> throw new IllegalArgumentException(interfaceName);
        };
    }

    @TestFactory
    Stream<DynamicTest> request_cases_through_a_receiver() throws Exception {
        Path dir = ChromiumData.dir().resolve("validation");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path data : files) {
            String name = data.getFileName().toString().replace(".data", "");
            for (ValidationCases.Chain chain : ValidationCases.chainsFor(name)) {
                if (chain.direction() != ValidationCases.Direction.REQUEST) {
                    continue;
                }
                String expected = ValidationCases.readExpected(dir.resolve(name + ".expected"));
                String seen = NEEDS_DATA_PIPES.contains(name) ? "VALIDATION_ERROR_DESERIALIZATION_FAILED" : expected;
                tests.add(DynamicTest.dynamicTest(name + " expects " + seen,
                        () -> runThroughReceiver(data, seen, markerFor(chain.interfaceName()))));
            }
        }
        assertThat(tests).as("request cases in " + dir).hasSizeGreaterThan(50);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> response_cases_through_a_remote() throws Exception {
        Path dir = ChromiumData.dir().resolve("validation");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path data : files) {
            String name = data.getFileName().toString().replace(".data", "");
            for (ValidationCases.Chain chain : ValidationCases.chainsFor(name)) {
                if (chain.direction() != ValidationCases.Direction.RESPONSE) {
                    continue;
                }
                String expected = ValidationCases.readExpected(dir.resolve(name + ".expected"));
                tests.add(DynamicTest.dynamicTest(name + " expects " + expected,
                        () -> runThroughRemote(data, expected, markerFor(chain.interfaceName()))));
            }
        }
        assertThat(tests).as("response cases in " + dir).hasSizeGreaterThanOrEqualTo(5);
        return tests.stream();
    }

    /**
     * A remote makes one call (request id 1, the id every response case answers) to the method the
     * case's header names if it has a response, else to the interface's first method with one; then
     * the case's bytes arrive as the response. A passing case completes the call with the pipe open;
     * a failing one closes the pipe with its validation error, and the call fails.
     */
    private static <I extends Recorder> void runThroughRemote(Path data, String expected, Class<I> marker)
            throws Exception {
        DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
        InterfaceBinding<I> binding = Codecs.binding(marker);
        int name = java.nio.ByteBuffer.wrap(parsed.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(12);
        MethodSchema method = binding.schema().method(Integer.toUnsignedLong(name)).filter(MethodSchema::hasResponse)
                .or(() -> binding.schema().methods().stream().filter(MethodSchema::hasResponse).findFirst())
                .orElseThrow();
        MessagePipe pipe = Core.instance().createMessagePipe();
        List<MessagePipe> attached = new ArrayList<>();
        CALLS.clear();
        try (org.jmojo.bindings.Remote<I> remote = org.jmojo.bindings.Remote.bind(
                new org.jmojo.bindings.PendingRemote<>(binding.descriptor(), pipe.end0(), 0))) {
            CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
            remote.setDisconnectHandler(disconnected::complete);
            remote.get().called(method.name());
            CompletableFuture<?> call = CALLS.poll(WAIT_S, TimeUnit.SECONDS);
            assertThat(pipe.end1().readMessage().result()).as("the request").isEqualTo(MojoResult.OK);
            List<Handle> handles = new ArrayList<>();
            for (int i = 0; i < parsed.handleCount(); i++) {
                MessagePipe p = Core.instance().createMessagePipe();
                attached.add(p);
                handles.add(p.end0());
            }
            assertThat(pipe.end1().writeMessage(parsed.bytes(), handles)).isEqualTo(MojoResult.OK);
            if (expected.equals("PASS")) {
                assertThat(call.get(WAIT_S, TimeUnit.SECONDS)).as("the decoded response").isNotNull();
                assertThat(remote.isConnected()).isTrue();
            } else {
                DisconnectReason reason = disconnected.get(WAIT_S, TimeUnit.SECONDS);
                assertThat(reason.kind()).isEqualTo(DisconnectReason.Kind.VALIDATION_FAILED);
                assertThat(reason.description()).startsWith(expected + ":");
                assertThat(call).isCompletedExceptionally();
            }
        } finally {
            pipe.close();
            attached.forEach(MessagePipe::close);
        }
    }

    private static <I extends Recorder> void runThroughReceiver(Path data, String expected, Class<I> marker)
            throws Exception {
        DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
        InterfaceDescriptor<I> descriptor = Codecs.binding(marker).descriptor();
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        I impl = marker.cast(java.lang.reflect.Proxy.newProxyInstance(marker.getClassLoader(), new Class<?>[] {marker},
                (proxy, method, args) -> method.getName().equals("called") ? calls.add((String) args[0]) : null));
        MessagePipe pipe = Core.instance().createMessagePipe();
        List<MessagePipe> attached = new ArrayList<>();
        try (Receiver<I> receiver = Receiver.bind(new PendingReceiver<>(descriptor, pipe.end1()), impl)) {
            CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
            receiver.setDisconnectHandler(disconnected::complete);
            List<Handle> handles = new ArrayList<>();
            for (int i = 0; i < parsed.handleCount(); i++) {
                MessagePipe p = Core.instance().createMessagePipe();
                attached.add(p);
                handles.add(p.end0());
            }
            assertThat(pipe.end0().writeMessage(parsed.bytes(), handles)).isEqualTo(MojoResult.OK);
            if (expected.equals("PASS")) {
                assertThat(calls.poll(WAIT_S, TimeUnit.SECONDS)).as("dispatched").isNotNull();
                assertThat(receiver.isConnected()).isTrue();
            } else {
                DisconnectReason reason = disconnected.get(WAIT_S, TimeUnit.SECONDS);
                assertThat(reason.kind()).isEqualTo(DisconnectReason.Kind.VALIDATION_FAILED);
                assertThat(reason.description()).startsWith(expected + ":");
                assertThat(calls).as("nothing dispatched").isEmpty();
            }
        } finally {
            pipe.close();
            attached.forEach(MessagePipe::close);
        }
    }

}
