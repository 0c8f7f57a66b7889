package org.jmojo.internal.channel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jmojo.internal.fuzz.FuzzSeeds;
import org.junit.jupiter.api.Test;

/**
 * The part of the frame-decoder fuzz property ({@link FrameDecoderFuzzTarget}) that runs in every
 * build: the committed seeds of {@code src/test/resources/fuzz/frames} are the well-formed streams
 * below and pass, and fixed-seed mutants of them (bit flips, byte changes, insertions, cuts, other
 * roles and splits) keep the property. Run once with {@code -Djmojo.fuzz.writeSeeds=true} after
 * changing the streams, then commit the files.
 */
class FrameDecoderFuzzTargetTest {
    private static final Path SEEDS = Path.of("src", "test", "resources", "fuzz", "frames");
    private static final int MUTANTS = 20_000;

    /** One well-formed stream per role, covering every frame type that role may send. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (PeerRole role : PeerRole.values()) {
            RawFrames stream = RawFrames.stream().add(RawFrames.handshakeFrom(role));
            for (FrameType type : FrameType.values()) {
                if (!type.isHandshake() && type != FrameType.GOODBYE && type.legalSenders().contains(role)) {
                    stream.add(RawFrames.frame(type, RawFrames.validPayload(type), 0));
                }
            }
            stream.add(RawFrames.frame(FrameType.GOODBYE, new byte[0], 0));
            seeds.put(String.format("%02d-%s.bin", role.ordinal(), role),
                    FrameDecoderFuzzTarget.input(1 << role.ordinal(), role.ordinal() * 13, stream.toArray()));
        }
        return seeds;
    }

    @Test
    void committedSeeds_equalTheWellFormedStreamsAndPass() throws IOException {
        FuzzSeeds.checkCommitted(SEEDS, seeds(), FrameDecoderFuzzTarget::check);
    }

    @Test
    void mutants_keepTheProperty() {
        Random random = new Random(0xF4A3E5L);
        byte[][] seeds = seeds().values().toArray(byte[][]::new);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] input = seeds[random.nextInt(seeds.length)].clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(input.length);
                switch (random.nextInt(5)) {
                    case 0 -> FuzzSeeds.flipBit(input, at, random);
                    case 1 -> input[at] = (byte) random.nextInt(256);
                    case 2 -> input = FuzzSeeds.cut(input, at, 2);
                    case 3 -> input = FuzzSeeds.insertWord(input, at);
                    default -> input[random.nextInt(2)] = (byte) random.nextInt(256);
                }
            }
            byte[] mutant = input;
            try {
                FrameDecoderFuzzTarget.check(mutant);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("mutant " + i + " broke the property: " + java.util.HexFormat.of().formatHex(mutant),
                        failure);
            }
        }
    }
}
