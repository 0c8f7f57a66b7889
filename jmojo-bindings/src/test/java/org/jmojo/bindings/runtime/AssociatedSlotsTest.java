package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.bindings.runtime.TestSchemas.field;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MojomKind.EndpointType;
import org.junit.jupiter.api.Test;

/**
 * Associated slots of a request read through {@link ValidatingReader#interfaceId}: each slot selects
 * its own entry of the message's payload interface-ID array, and an invalid index reads as -1.
 */
class AssociatedSlotsTest {

    /**
     * {@code struct P { pending_associated_receiver<t.Calc> a; pending_associated_receiver<t.Calc>? b;
     * pending_associated_receiver<t.Calc>? c; pending_associated_receiver<t.Calc> d; }}
     */
    private static final StructSchema P = TestSchemas.struct("P", 24,
            field("a", 0, new MojomKind.Endpoint(EndpointType.ASSOCIATED_RECEIVER, "t.Calc", false), 8),
            field("b", 1, new MojomKind.Endpoint(EndpointType.ASSOCIATED_RECEIVER, "t.Calc", true), 12),
            field("c", 2, new MojomKind.Endpoint(EndpointType.ASSOCIATED_RECEIVER, "t.Calc", true), 16),
            field("d", 3, new MojomKind.Endpoint(EndpointType.ASSOCIATED_RECEIVER, "t.Calc", false), 20));

    /** A value of {@code P} whose slots a, b and d carry these interface IDs and c is null. */
    private static Map<String, Object> value(long a, long b, long d) {
        Map<String, Object> value = new HashMap<>();
        value.put("a", a);
        value.put("b", b);
        value.put("c", null);
        value.put("d", d);
        return value;
    }

    @Test
    void interfaceId_eachSlotReadsItsOwnEntry_nullReadsMinusOne() throws ValidationException {
        Map<String, Object> value = value(0x8000_0007L, 9L, 0xFFFF_FFF0L);
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, P, value).bytes();
        MemorySegment message = MemorySegment.ofArray(bytes);
        MessageHeader header = Validator.validateHeader(message);
        assertThat(header.interfaceIdsOffset()).as("a v2 header with an interface-ID array").isNotZero();

        ValidatingReader r = ValidatingReader.forPayload(message, header, List.of());
        long at = header.payloadOffset();
        r.structHeader(at, P);
        for (int i = 0; i < 4; i++) {
            r.field(at, P, i);
        }

        assertThat(r.interfaceId(at + 8)).isEqualTo(0x8000_0007L);
        assertThat(r.interfaceId(at + 12)).isEqualTo(9L);
        assertThat(r.interfaceId(at + 16)).isEqualTo(-1L);
        assertThat(r.interfaceId(at + 20)).as("unsigned").isEqualTo(0xFFFF_FFF0L);
        // The generic decoder reads the same IDs from the same array.
        assertThat(MessageBuilder.decode(message, List.of(), TestSchemas.iface(P), false).params()).isEqualTo(value);
    }

    @Test
    void interfaceId_readerWithoutAnInterfaceIdArray_minusOne() {
        byte[] bytes = new byte[16];
        MemorySegment.ofArray(bytes).set(Decoder.I32, 0, 16);
        assertThat(ValidatingReader.forStruct(bytes, List.of()).interfaceId(8)).isEqualTo(-1L);
    }

    /** Indices are claimed in increasing order: one already used (by an earlier slot) is refused where it is used again. */
    @Test
    void interfaceIdIndex_usedTwice_illegalInterfaceId_atTheSecondUse() throws ValidationException {
        byte[] bytes = MessageBuilder.encode(0, 0, 0, 0, P, value(5L, 6L, 7L)).bytes();
        int params = (int) Validator.validateHeader(MemorySegment.ofArray(bytes)).payloadOffset();
        MemorySegment.ofArray(bytes).set(Decoder.I32, params + 12, 0); // b names index 0, which a claimed
        ValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
                () -> Validator.validateIncomingRequest(MemorySegment.ofArray(bytes), 0, TestSchemas.iface(P)));
        assertThat(e.error()).isEqualTo(org.jmojo.bindings.ValidationError.VALIDATION_ERROR_ILLEGAL_INTERFACE_ID);
        assertThat(e.offset()).isEqualTo(params + 12);
    }
}
