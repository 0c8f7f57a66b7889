package org.jmojo.internal.ports.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jmojo.internal.fuzz.FuzzSeeds;
import org.junit.jupiter.api.Test;

/**
 * The part of the event-decoder fuzz property ({@link EventDecoderFuzzTarget}) that runs in every build: the
 * committed seeds of {@code src/test/resources/fuzz/events} are the sample events below and decode, and fixed-seed
 * mutants of them (bit flips, byte changes, counts set to edge values, cuts, insertions, other fd counts) keep the
 * property. Run once with {@code -Djmojo.fuzz.writeSeeds=true} after changing the samples, then commit the files.
 */
class EventDecoderFuzzTargetTest {
    private static final Path SEEDS = Path.of("src", "test", "resources", "fuzz", "events");
    private static final int MUTANTS = 20_000;
    /** Values a mutant writes into an aligned u32 (counts, lengths, reasons, flags). */
    private static final long[] EDGE_U32 = {0, 1, 2, 3, 4, 7, 8, 120, UserMessageEvent.MAX_HANDLES,
            UserMessageEvent.MAX_HANDLES + 1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};

    /** One seed per event type: the fd count its frame carries, then the sample's bytes. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (Map.Entry<EventType, PortsEvent> e : WireSamples.oneOfEach().entrySet()) {
            seeds.put(String.format("%02d-%s.bin", e.getKey().code(), e.getKey()),
                    EventDecoderFuzzTarget.input(WireSamples.fdCount(e.getValue()), EventCodec.encode(e.getValue())));
        }
        return seeds;
    }

    @Test
    void committedSeeds_equalTheSampleEventsAndDecode() throws IOException {
        FuzzSeeds.checkCommitted(SEEDS, seeds(), seed -> assertThat(EventDecoderFuzzTarget.check(seed)).isNotNull());
    }

    @Test
    void mutants_keepTheProperty_andReachBothOutcomes() {
        Random random = new Random(0xE7E47L);
        byte[][] seeds = seeds().values().toArray(byte[][]::new);
        Set<EventType> accepted = EnumSet.noneOf(EventType.class);
        int refused = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] input = mutate(seeds[random.nextInt(seeds.length)].clone(), random);
            try {
                PortsEvent event = EventDecoderFuzzTarget.check(input);
                if (event == null) {
                    refused++;
                } else {
                    accepted.add(event.type());
                }
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("mutant " + i + " broke the property: " + HexFormat.of().formatHex(input), failure);
            }
        }
        // Mutating a name or a number leaves a valid event of every type; most other edits are refused.
        assertThat(accepted).containsExactlyInAnyOrder(EventType.values());
        assertThat(refused).isBetween(MUTANTS / 4, MUTANTS - 1000);
    }

    private static byte[] mutate(byte[] input, Random random) {
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(input.length);
            switch (random.nextInt(6)) {
                case 0 -> FuzzSeeds.flipBit(input, at, random);
                case 1 -> input[at] = (byte) random.nextInt(256);
                case 2 -> {
                    int aligned = 1 + ((at / 4) * 4);
                    if (aligned + 4 <= input.length) {
                        MemorySegment.ofArray(input).set(WireFields.U32, aligned, (int) EDGE_U32[random.nextInt(EDGE_U32.length)]);
                    }
                }
                case 3 -> input = FuzzSeeds.cut(input, at, 1);
                case 4 -> input = FuzzSeeds.insertWord(input, at);
                default -> input[0] = (byte) random.nextInt(8);
            }
        }
        return input;
    }
}
