package org.jmojo.internal.ports.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the codec over random values and random bytes: every value survives encode then decode, and any
 * bytes decode to a canonical event or a typed rejection ({@link EventDecoderFuzzTarget}'s property).
 */
class EventCodecPropertyTest {

    @Provide
    Arbitrary<PortsEvent> events() {
        return Arbitraries.randomValue(RandomEvents::event);
    }

    /**
     * Bytes a peer might send: a random header (a type near 1..9, flags and reserved mostly zero) with a random body
     * of a plausible size, or a random event's encoding with a few bytes changed; byte 0 is the fd count.
     */
    @Provide
    Arbitrary<byte[]> peerInputs() {
        return Arbitraries.randomValue(r -> r.nextBoolean() ? randomHeaderAndBody(r) : changedEncoding(r));
    }

    private static byte[] randomHeaderAndBody(Random r) {
        int[] sizes = {0, 8, 16, 24, 32, 64, 72, 120, 144, 200};
        byte[] event = new byte[r.nextInt(10) == 0 ? r.nextInt(48) : 48 + sizes[r.nextInt(sizes.length)] + (r.nextInt(8) == 0 ? 4 : 0)];
        r.nextBytes(event);
        MemorySegment s = MemorySegment.ofArray(event);
        if (event.length >= 48) {
            WireFields.putU16(s, 0, r.nextInt(11));
            WireFields.putU16(s, 2, r.nextInt(8) == 0 ? 1 : 0);
            WireFields.putU32(s, 4, r.nextInt(8) == 0 ? 1 : 0);
            WireFields.putU64(s, 40, r.nextInt(4));
        }
        return EventDecoderFuzzTarget.input(r.nextInt(4), event);
    }

    private static byte[] changedEncoding(Random r) {
        PortsEvent e = RandomEvents.event(r);
        byte[] event = EventCodec.encode(e);
        for (int i = r.nextInt(3); i > 0; i--) {
            event[r.nextInt(event.length)] = (byte) r.nextInt(256);
        }
        return EventDecoderFuzzTarget.input(r.nextInt(5) == 0 ? r.nextInt(4) : WireSamples.fdCount(e), event);
    }

    @Property(tries = 2000)
    void decodeOfEncode_isTheValue_andEncodeOfDecode_theBytes(@ForAll("events") PortsEvent event) throws Exception {
        byte[] bytes = EventCodec.encode(event);
        assertThat(bytes.length).isEqualTo(EventCodec.encodedSize(event)).isEqualTo(bytes.length / 8 * 8);
        PortsEvent decoded = EventCodec.decode(MemorySegment.ofArray(bytes), WireSamples.fdCount(event));
        assertThat(decoded).isEqualTo(event);
        assertThat(EventCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Property(tries = 5000)
    void anyBytes_decodeToACanonicalEventOrATypedRejection(@ForAll("peerInputs") byte[] input) {
        EventDecoderFuzzTarget.check(input);
    }
}
