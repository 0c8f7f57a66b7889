package org.jmojo.conformance.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.conformance.ChromiumData;
import org.jmojo.conformance.ConformanceRunner;
import org.jmojo.conformance.SchemaAdapter;

/**
 * The property every fuzz input is checked against: for each interface of the Chromium
 * validation {@code .mojom} files and each side (receiver: request validator, remote: response
 * validator), the header validator followed by that side's validator either accepts the message
 * or throws {@link ValidationException}; nothing else may escape. An accepted message that is
 * not a control message must then decode with {@link MessageBuilder#decode}, and re-encoding the
 * decoded parameters must give a message that validates again and decodes to the same values.
 * A control message (which every interface's validator lets through) is checked the same way
 * against the parameter struct its header selects (docs/wire-format.md §14; the structs are those of
 * {@code golden-extra/extra.mojom}): its payload validates or is rejected with
 * {@link ValidationException}, and an accepted payload decodes and round-trips.
 *
 * <p>Input layout: byte 0 is the number of attached handles (0…255), the rest is the message.
 * A broken property is an {@link AssertionError} naming the interface, the side and the input in
 * hex, with the original exception as its cause.
 *
 * <p>The schemas are compiled once per JVM (class initialisation) and are immutable, so
 * {@link #check} is thread-safe.
 */
final class ValidatorFuzzTarget {

    /** Every interface the fuzzer aims at, in a fixed order. */
    static final List<InterfaceSchema> INTERFACES = compileInterfaces();

    /** The parameter structs of the control messages, by what the header selects. */
    private record ControlParams(StructSchema run, StructSchema runResponse, StructSchema runOrClosePipe,
            StructSchema pipeControl) {

        StructSchema of(MessageHeader header) {
            if (header.name() == MessageHeader.RUN_MESSAGE_ID) {
                return header.isResponse() ? runResponse : run;
            }
            return header.interfaceId() == MessageHeader.INVALID_INTERFACE_ID ? pipeControl : runOrClosePipe;
        }
    }

    private static final ControlParams CONTROL = compileControlParams();

    private ValidatorFuzzTarget() {}

    private static List<InterfaceSchema> compileInterfaces() {
        try {
            SchemaAdapter schemas = ConformanceRunner.compile(ChromiumData.dir().resolve("validation"));
            return List.of("ConformanceTestInterface", "AssociatedConformanceTestInterface",
                    "BoundsCheckTestInterface", "IntegrationTestInterface").stream()
                    .map(schemas::interfaceSchema).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile the validation .mojom files", e);
        }
    }

    private static ControlParams compileControlParams() {
        try {
            SchemaAdapter schemas = ConformanceRunner.compile(
                    Path.of(ValidatorFuzzTarget.class.getResource("/golden-extra").toURI()));
            return new ControlParams(schemas.structSchema("RunMessageParams"),
                    schemas.structSchema("RunResponseMessageParams"), schemas.structSchema("RunOrClosePipeMessageParams"),
                    schemas.structSchema("PipeControlMessageParams"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile golden-extra/extra.mojom", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("golden-extra is not a directory on the test class path", e);
        }
    }

    /** Builds an input from a handle count and message bytes. */
    static byte[] input(int handleCount, byte[] message) {
        if (handleCount < 0 || handleCount > 255) {
            throw new IllegalArgumentException("handleCount must be 0..255, got " + handleCount);
        }
        byte[] input = new byte[message.length + 1];
        input[0] = (byte) handleCount;
        System.arraycopy(message, 0, input, 1, message.length);
        return input;
    }

    /**
     * Checks the property on one input.
     *
     * @return how many (interface, side) pairs accepted the message
     * @throws AssertionError if the property is broken
     */
    static int check(byte[] input) {
        if (input.length == 0) {
            return 0;
        }
        int handleCount = input[0] & 0xFF;
        byte[] message = Arrays.copyOfRange(input, 1, input.length);
        int accepted = 0;
        for (InterfaceSchema iface : INTERFACES) {
            for (boolean response : new boolean[] {false, true}) {
                if (checkOne(message, handleCount, iface, response, input)) {
                    accepted++;
                }
            }
        }
        if (accepted > 0 && MessageHeader.read(MemorySegment.ofArray(message)).isControlMessage()) {
            checkControl(message, handleCount, input);
        }
        return accepted;
    }

    /**
     * Checks the payload of a control message that passed the header validator against the
     * parameter struct its header selects.
     *
     * @return whether the payload validated (and then decoded and round-tripped)
     * @throws AssertionError if the property is broken
     */
    static boolean checkControl(byte[] message, int handleCount, byte[] input) {
        MemorySegment segment = MemorySegment.ofArray(message);
        MessageHeader header = MessageHeader.read(segment);
        StructSchema params = CONTROL.of(header);
        String where = "control message payload validator (" + params.name() + ")";
        try {
            Validator.validatePayload(segment, header, handleCount, params);
        } catch (ValidationException rejected) {
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(where + " threw something other than ValidationException", input, e);
        }
        List<String> handles = IntStream.range(0, handleCount).mapToObj(i -> "h" + i).toList();
        Map<String, Object> first;
        ValueCodec.Encoded again;
        try {
            first = ValueCodec.decodeStruct(new Decoder(segment), header.payloadOffset(), params, handles,
                    interfaceIds(segment, header));
            again = MessageBuilder.encode(header.interfaceId(), header.name(), header.flags(), header.requestId(),
                    params, first);
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(where + " accepted a payload that does not decode and re-encode", input, e);
        }
        Map<String, Object> second;
        try {
            MemorySegment reencoded = MemorySegment.ofArray(again.bytes());
            MessageHeader h = Validator.validateHeader(reencoded);
            Validator.validatePayload(reencoded, h, again.handles().size(), params);
            second = ValueCodec.decodeStruct(new Decoder(reencoded), h.payloadOffset(), params, again.handles(),
                    interfaceIds(reencoded, h));
        } catch (ValidationException | RuntimeException | StackOverflowError e) {
            throw broken(where + ": the re-encoded message " + HexFormat.of().formatHex(again.bytes())
                    + " does not validate or decode", input, e);
        }
        if (!second.equals(first)) {
            throw broken(where + ": the re-encoded message decodes to " + second + ", not " + first, input, null);
        }
        return true;
    }

    /** The payload interface-ID array of a message that passed the header validator, as {@link Long}s. */
    private static List<Long> interfaceIds(MemorySegment message, MessageHeader header) {
        if (header.interfaceIdsOffset() == 0) {
            return List.of();
        }
        Decoder d = new Decoder(message);
        long count = d.getUInt32(header.interfaceIdsOffset() + 4);
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ids.add(d.getUInt32(header.interfaceIdsOffset() + 8 + 4 * i));
        }
        return ids;
    }

    private static boolean checkOne(byte[] message, int handleCount, InterfaceSchema iface, boolean response,
            byte[] input) {
        String where = iface.name() + (response ? " response validator" : " request validator");
        MessageHeader header;
        try {
            MemorySegment segment = MemorySegment.ofArray(message);
            header = response ? Validator.validateIncomingResponse(segment, handleCount, iface)
                    : Validator.validateIncomingRequest(segment, handleCount, iface);
        } catch (ValidationException rejected) {
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(where + " threw something other than ValidationException", input, e);
        }
        if (header.isControlMessage()) {
            // Control messages belong to the control-message handler, not to iface's methods.
            return true;
        }
        List<String> handles = IntStream.range(0, handleCount).mapToObj(i -> "h" + i).toList();
        MessageBuilder.Decoded first;
        try {
            first = MessageBuilder.decode(MemorySegment.ofArray(message), handles, iface, response);
        } catch (ValidationException | RuntimeException | StackOverflowError e) {
            throw broken(where + " accepted a message the decoder cannot decode", input, e);
        }
        ValueCodec.Encoded again;
        try {
            again = MessageBuilder.encode(header.interfaceId(), header.name(), header.flags(), header.requestId(),
                    response ? first.method().response() : first.method().request(), first.params());
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(where + ": the decoded value of an accepted message does not re-encode", input, e);
        }
        MessageBuilder.Decoded second;
        try {
            second = MessageBuilder.decode(MemorySegment.ofArray(again.bytes()), again.handles(), iface, response);
        } catch (ValidationException | RuntimeException | StackOverflowError e) {
            throw broken(where + ": the re-encoded message " + HexFormat.of().formatHex(again.bytes())
                    + " does not validate or decode", input, e);
        }
        if (!second.params().equals(first.params())) {
            throw broken(where + ": the re-encoded message decodes to " + second.params() + ", not "
                    + first.params(), input, null);
        }
        return true;
    }

    private static AssertionError broken(String what, byte[] input, Throwable cause) {
        return new AssertionError(what + "; input (handle count byte, then message): "
                + HexFormat.of().formatHex(input), cause);
    }
}
