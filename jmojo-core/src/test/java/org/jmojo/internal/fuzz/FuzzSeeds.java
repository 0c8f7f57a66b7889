package org.jmojo.internal.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What jmojo-core's fuzz-target tests share: the committed seed files checked against the inputs that generate them,
 * and the structural edits of the fixed-seed mutation runs (byte-level edits stay with each target).
 */
public final class FuzzSeeds {
    /** The system property that makes {@link #checkCommitted} rewrite the seed files first. */
    public static final String WRITE_SEEDS = "jmojo.fuzz.writeSeeds";

    private FuzzSeeds() {}

    /**
     * Checks that {@code directory} (relative to the module) holds exactly the {@code .bin} files of {@code expected},
     * with those bytes, and runs each through {@code property}. With {@code -Djmojo.fuzz.writeSeeds=true} writes
     * them first.
     */
    public static void checkCommitted(Path directory, Map<String, byte[]> expected, Consumer<byte[]> property)
            throws IOException {
        if (Boolean.getBoolean(WRITE_SEEDS)) {
            Files.createDirectories(directory);
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                Files.write(directory.resolve(e.getKey()), e.getValue());
            }
        }
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin")))
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(Files.readAllBytes(directory.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
            property.accept(e.getValue());
        }
    }

    /** {@code input} cut at {@code at}, keeping at least {@code keep} bytes. */
    public static byte[] cut(byte[] input, int at, int keep) {
        return java.util.Arrays.copyOf(input, Math.max(keep, at));
    }

    /** {@code input} with 8 bytes inserted at {@code at} (zeros: a padded area grown by one word). */
    public static byte[] insertWord(byte[] input, int at) {
        byte[] longer = new byte[input.length + 8];
        System.arraycopy(input, 0, longer, 0, at);
        System.arraycopy(input, at, longer, at + 8, input.length - at);
        return longer;
    }

    /** {@code input} with one bit of byte {@code at} flipped. */
    public static void flipBit(byte[] input, int at, Random random) {
        input[at] ^= (byte) (1 << random.nextInt(8));
    }
}
