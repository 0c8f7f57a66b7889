package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.bindings.runtime.InterfaceBinding;
import org.jmojo.bindings.runtime.MethodSchema;
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
 * handles) are written to a pipe whose other end a receiver of the case's interface reads, through
 * the binding jmojom generated for it (which decodes with the method parameters' generated
 * validating decoder). A case that passes must reach the
 * implementation with the pipe still open; a case with an error must close the pipe with that
 * validation error reported to the receiver's disconnect handler, before the implementation sees
 * anything. The response cases go the other way, through a real {@link Remote} of the generated
 * interface: its call in flight, the case's bytes arrive as the answer. Every case runs on the
 * default executors and on the direct path ({@link BindingMode}).
 */
class RouterConformanceTest extends BindingModeTest {

    RouterConformanceTest(BindingMode mode) {
        super(mode);
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

    /** The generated Java interface of a case's interface. */
    private static Class<?> interfaceFor(String interfaceName) {
        return switch (interfaceName) {
            case "ConformanceTestInterface" -> mojo.test.ConformanceTestInterface.class;
            case "AssociatedConformanceTestInterface" -> mojo.test.AssociatedConformanceTestInterface.class;
            case "BoundsCheckTestInterface" -> mojo.test.BoundsCheckTestInterface.class;
            case "IntegrationTestInterface" -> mojo.test.IntegrationTestInterface.class;
            default -> throw new IllegalArgumentException(interfaceName);
        };
    }

    /** How one case runs: its data file, the outcome it must have, its generated interface. */
    private interface CaseRun {
        void run(Path data, String expected, Class<?> type) throws Exception;
    }

    /** One dynamic test per case of Chromium's validation data that checks {@code direction}. */
    private static List<DynamicTest> cases(ValidationCases.Direction direction, CaseRun run) throws Exception {
        Path dir = ChromiumData.dir().resolve("validation");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path data : files) {
            String name = data.getFileName().toString().replace(".data", "");
            for (ValidationCases.Chain chain : ValidationCases.chainsFor(name)) {
                if (chain.direction() != direction) {
                    continue;
                }
                String expected = ValidationCases.readExpected(dir.resolve(name + ".expected"));
                String seen = NEEDS_DATA_PIPES.contains(name) ? "VALIDATION_ERROR_DESERIALIZATION_FAILED" : expected;
                tests.add(DynamicTest.dynamicTest(name + " expects " + seen,
                        () -> run.run(data, seen, interfaceFor(chain.interfaceName()))));
            }
        }
        return tests;
    }

    @TestFactory
    Stream<DynamicTest> request_cases_through_a_receiver() throws Exception {
        List<DynamicTest> tests = cases(ValidationCases.Direction.REQUEST, this::runThroughReceiver);
        assertThat(tests).as("request cases").hasSizeGreaterThan(50);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> response_cases_through_a_remote() throws Exception {
        List<DynamicTest> tests = cases(ValidationCases.Direction.RESPONSE, this::runThroughRemote);
        assertThat(tests).as("response cases").hasSizeGreaterThanOrEqualTo(5);
        return tests.stream();
    }

    /** One message pipe per handle the case has; the ends to attach are returned, all pipes kept in {@code attached}. */
    private static List<Handle> attachedPipes(DataFile parsed, List<MessagePipe> attached) {
        List<Handle> handles = new ArrayList<>();
        for (int i = 0; i < parsed.handleCount(); i++) {
            MessagePipe p = Core.instance().createMessagePipe();
            attached.add(p);
            handles.add(p.end0());
        }
        return handles;
    }

    /**
     * A remote of the case's generated interface makes one call (request id 1, the id every response
     * case answers) to the method the case's header names if it has a response, else to the
     * interface's first method with one, with default arguments; then the case's bytes arrive as the
     * response. A passing case completes the call with the pipe open; a failing one closes the pipe
     * with its validation error, and the call fails.
     */
    private <I> void runThroughRemote(Path data, String expected, Class<I> type) throws Exception {
        DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
        InterfaceBinding<I> binding = Codecs.binding(type);
        int name = java.nio.ByteBuffer.wrap(parsed.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(12);
        MethodSchema method = binding.schema().method(Integer.toUnsignedLong(name)).filter(MethodSchema::hasResponse)
                .or(() -> binding.schema().methods().stream().filter(MethodSchema::hasResponse).findFirst())
                .orElseThrow();
        java.lang.reflect.Method javaMethod = java.util.Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equalsIgnoreCase(method.name())
                        && m.getReturnType() == CompletableFuture.class)
                .findFirst().orElseThrow(() -> new IllegalStateException("no Java method for " + method.name()));
        MessagePipe pipe = Core.instance().createMessagePipe();
        List<MessagePipe> attached = new ArrayList<>();
        try (Remote<I> remote = mode.bind(new PendingRemote<>(binding.descriptor(), pipe.end0(), 0))) {
            CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
            remote.setDisconnectHandler(disconnected::complete);
            Object[] args = java.util.Arrays.stream(javaMethod.getParameterTypes())
                    .map(RouterConformanceTest::defaultArgument).toArray();
            CompletableFuture<?> call = (CompletableFuture<?>) javaMethod.invoke(remote.get(), args);
            assertThat(pipe.end1().readMessage().result()).as("the request").isEqualTo(MojoResult.OK);
            List<Handle> handles = attachedPipes(parsed, attached);
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

    /**
     * An argument for a request whose content no response case looks at: zero for a number, a
     * default-built value for a generated struct (its {@code newBuilder()}), else {@code null}.
     */
    private static Object defaultArgument(Class<?> type) {
        if (type.isPrimitive()) {
            return type == boolean.class ? false
                    : java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
        }
        try {
            Object builder = type.getMethod("newBuilder").invoke(null);
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a default " + type.getName(), e);
        }
    }

    /**
     * Runs one case through a receiver of {@code type}'s generated binding; the implementation records
     * the Java method it was called with (and answers nothing: a response would only follow).
     */
    private <I> void runThroughReceiver(Path data, String expected, Class<I> type) throws Exception {
        DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
        InterfaceDescriptor<I> descriptor = Codecs.binding(type).descriptor();
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        I impl = type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "recorder of " + type.getName();
                        };
                    }
                    calls.add(method.getName());
                    return method.getReturnType() == CompletableFuture.class ? new CompletableFuture<>() : null;
                }));
        MessagePipe pipe = Core.instance().createMessagePipe();
        List<MessagePipe> attached = new ArrayList<>();
        try (Receiver<I> receiver = mode.bind(new PendingReceiver<>(descriptor, pipe.end1()), impl)) {
            CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
            receiver.setDisconnectHandler(disconnected::complete);
            List<Handle> handles = attachedPipes(parsed, attached);
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
