package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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
        Map<String, byte[]> expected = seeds();
        if (Boolean.getBoolean("jmojo.fuzz.writeSeeds")) {
            Files.createDirectories(SEEDS);
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                Files.write(SEEDS.resolve(e.getKey()), e.getValue());
            }
        }
        try (var files = Files.list(SEEDS)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin")))
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(Files.readAllBytes(SEEDS.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
            FrameDecoderFuzzTarget.check(e.getValue());
        }
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
                    case 0 -> input[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> input[at] = (byte) random.nextInt(256);
                    case 2 -> input = Arrays.copyOf(input, Math.max(2, at));
                    case 3 -> {
                        byte[] longer = new byte[input.length + 8];
                        System.arraycopy(input, 0, longer, 0, at);
                        System.arraycopy(input, at, longer, at + 8, input.length - at);
                        input = longer;
                    }
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
