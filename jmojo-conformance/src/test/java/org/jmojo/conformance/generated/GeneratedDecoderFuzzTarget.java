package org.jmojo.conformance.generated;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.system.Message;

/**
 * The property every input of {@link GeneratedDecoderFuzzTest} is checked against, for the
 * generated type the input selects from {@link DecoderTypes#ALL}: the generated validating
 * decoder ({@code deserialize}) and the schema-driven {@link Validator} give the same answer,
 * both accepting or both rejecting with the same error name, and neither throws anything but
 * {@link org.jmojo.bindings.ValidationException}. A value both accept re-encodes ({@code serialize})
 * to bytes that {@code deserialize} accepts and decodes to an equal value.
 *
 * <p>Input layout: byte 0 selects the type (modulo the number of types), byte 1 is the number of
 * attached handles (0…255; missing means 0), the rest is the struct's bytes. A broken property is
 * an {@link AssertionError} naming the type and the input in hex, with the original exception as
 * its cause.
 *
 * <p>Stateless, so {@link #check} is thread-safe.
 */
final class GeneratedDecoderFuzzTarget {

    private GeneratedDecoderFuzzTarget() {}

    /** Builds an input from a type's index in {@link DecoderTypes#ALL}, a handle count and struct bytes. */
    static byte[] input(int selector, int handleCount, byte[] struct) {
        if (selector < 0 || selector >= DecoderTypes.ALL.size()) {
            throw new IllegalArgumentException("selector must be 0.." + (DecoderTypes.ALL.size() - 1) + ", got "
                    + selector);
        }
        if (handleCount < 0 || handleCount > 255) {
            throw new IllegalArgumentException("handleCount must be 0..255, got " + handleCount);
        }
        byte[] input = new byte[struct.length + 2];
        input[0] = (byte) selector;
        input[1] = (byte) handleCount;
        System.arraycopy(struct, 0, input, 2, struct.length);
        return input;
    }

    /**
     * Checks the property on one input.
     *
     * @return whether both paths accepted the struct (an empty input is rejected without a check)
     * @throws AssertionError if the property is broken
     */
    static boolean check(byte[] input) {
        if (input.length == 0) {
            return false;
        }
        DecoderTypes.Type<?> type = DecoderTypes.ALL.get((input[0] & 0xFF) % DecoderTypes.ALL.size());
        int handleCount = input.length > 1 ? input[1] & 0xFF : 0;
        byte[] struct = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
        return checkType(type, handleCount, struct, input);
    }

    private static <T> boolean checkType(DecoderTypes.Type<T> type, int handleCount, byte[] struct, byte[] input) {
        List<LabelHandle> handles = IntStream.range(0, handleCount).mapToObj(i -> new LabelHandle("h" + i)).toList();
        String validator;
        try {
            validator = type.validatorAnswer(MemorySegment.ofArray(struct), handleCount);
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(type, "Validator.validateStruct threw something other than ValidationException", input, e);
        }
        DecoderTypes.Answer<T> generated;
        try {
            generated = type.generatedAnswer(MemorySegment.ofArray(struct), handles);
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(type, "deserialize threw something other than ValidationException (the validator answered "
                    + validator + ")", input, e);
        }
        if (!generated.answer().equals(validator)) {
            throw broken(type, "deserialize answered " + generated.answer() + ", the validator " + validator, input,
                    null);
        }
        if (generated.value() == null) {
            return false;
        }
        T value = generated.value();
        Message again;
        try {
            again = type.encode(value);
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(type, "the accepted value " + value + " does not re-encode", input, e);
        }
        DecoderTypes.Answer<T> second;
        try {
            second = type.generatedAnswer(MemorySegment.ofArray(again.bytes()), again.handles());
        } catch (RuntimeException | StackOverflowError e) {
            throw broken(type, "deserialize of the re-encoded " + HexFormat.of().formatHex(again.bytes())
                    + " threw something other than ValidationException", input, e);
        }
        if (second.value() == null) {
            throw broken(type, "the re-encoded " + HexFormat.of().formatHex(again.bytes()) + " is rejected with "
                    + second.answer(), input, null);
        }
        if (!second.value().equals(value)) {
            throw broken(type, "the re-encoded struct decodes to " + second.value() + ", not " + value, input, null);
        }
        return true;
    }

    private static AssertionError broken(DecoderTypes.Type<?> type, String what, byte[] input, Throwable cause) {
        return new AssertionError(type.name() + ": " + what + "; input (selector byte, handle count byte, then the "
                + "struct): " + HexFormat.of().formatHex(input), cause);
    }
}
