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
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.runtime.Codecs;
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
 * anything.
 */
class RouterConformanceTest {

    private static final long WAIT_S = 30;

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
                        () -> runThroughReceiver(data, seen, interfaceFor(chain.interfaceName()))));
            }
        }
        assertThat(tests).as("request cases in " + dir).hasSizeGreaterThan(50);
        return tests.stream();
    }

    /**
     * Runs one case through a receiver of {@code type}'s generated binding; the implementation records
     * the Java method it was called with (and answers nothing: a response would only follow).
     */
    private static <I> void runThroughReceiver(Path data, String expected, Class<I> type) throws Exception {
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
