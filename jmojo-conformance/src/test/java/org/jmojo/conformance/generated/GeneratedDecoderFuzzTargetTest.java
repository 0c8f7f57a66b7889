package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jmojo.system.Message;
import org.junit.jupiter.api.Test;

/**
 * The part of the generated-decoder fuzz property ({@link GeneratedDecoderFuzzTarget}) that runs in
 * every build: the committed seeds of {@code src/test/resources/fuzz/generated} are the encodings of
 * the {@link DecoderTypes} fixtures and pass, and a bounded number of fixed-seed mutants of them
 * keep the property. Coverage-guided fuzzing is {@link GeneratedDecoderFuzzTest} with
 * {@code JAZZER_FUZZ=1}.
 *
 * <p>After a fixture changes, run this test once with {@code -Djmojo.fuzz.writeSeeds=true} to
 * rewrite the seed files from the fixtures, then commit them.
 */
class GeneratedDecoderFuzzTargetTest {

    /** The seeds as checked in (the test runs from the module directory). */
    private static final Path SEEDS = Path.of("src", "test", "resources", "fuzz", "generated");

    private static final long RANDOM_SEED = 0x5EED_DEC0DEL;

    private static final int MUTANTS = 3000;

    /** Seed file name ({@code 04-WithUnion-1.bin}) to input, from the fixtures. */
    private static Map<String, byte[]> fixtureInputs() {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (int selector = 0; selector < DecoderTypes.ALL.size(); selector++) {
            DecoderTypes.Type<?> type = DecoderTypes.ALL.get(selector);
            for (int i = 0; i < type.fixtures().size(); i++) {
                Message encoded = type.encode(type.fixtures().get(i));
                inputs.put(String.format("%02d-%s-%d.bin", selector, type.name(), i),
                        GeneratedDecoderFuzzTarget.input(selector, encoded.handles().size(), encoded.bytes()));
            }
        }
        return inputs;
    }

    private static Map<String, byte[]> committedSeeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        try (var files = Files.list(SEEDS)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList()) {
                seeds.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return seeds;
    }

    @Test
    void committedSeeds_equalFixtureEncodingsAndCoverEveryType() throws IOException {
        Map<String, byte[]> expected = fixtureInputs();
        if (Boolean.getBoolean("jmojo.fuzz.writeSeeds")) {
            Files.createDirectories(SEEDS);
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                Files.write(SEEDS.resolve(e.getKey()), e.getValue());
            }
        }
        Map<String, byte[]> committed = committedSeeds();

        assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> e : committed.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(expected.get(e.getKey()));
        }
        Set<Integer> selectors = new HashSet<>();
        committed.values().forEach(input -> selectors.add(input[0] & 0xFF));
        assertThat(selectors).hasSize(DecoderTypes.ALL.size());
    }

    @Test
    void committedSeeds_property_bothPathsAccept() throws IOException {
        for (Map.Entry<String, byte[]> e : committedSeeds().entrySet()) {
            assertThat(GeneratedDecoderFuzzTarget.check(e.getValue())).as(e.getKey()).isTrue();
        }
    }

    @Test
    void truncatedSeed_property_bothPathsReject() {
        byte[] seed = fixtureInputs().get("00-Kitchen-0.bin");

        assertThat(GeneratedDecoderFuzzTarget.check(Arrays.copyOf(seed, seed.length - 8))).isFalse();
    }

    @Test
    void seedWithTooFewHandles_property_bothPathsReject() {
        byte[] seed = fixtureInputs().get("13-Handles-0.bin").clone();
        seed[1] = 4;

        assertThat(GeneratedDecoderFuzzTarget.check(seed)).isFalse();
    }

    @Test
    void input_selectorOutOfRange_rejectedNamingIt() {
        assertThatThrownBy(() -> GeneratedDecoderFuzzTarget.input(DecoderTypes.ALL.size(), 0, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector")
                .hasMessageContaining(String.valueOf(DecoderTypes.ALL.size()));
    }

    @Test
    void mutatedSeeds_property_holdsAndSomeAreAccepted() throws IOException {
        List<byte[]> corpus = new ArrayList<>(committedSeeds().values());
        Random random = new Random(RANDOM_SEED);
        int accepted = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] input = corpus.get(random.nextInt(corpus.size()));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                input = mutate(input, random);
            }
            if (GeneratedDecoderFuzzTarget.check(input)) {
                accepted++;
            }
        }
        // Accepted mutants are the ones that reach the re-encoding.
        assertThat(accepted).as("accepted mutants of " + MUTANTS).isGreaterThan(MUTANTS / 50);
    }

    /** One random change to the struct bytes (never the selector), or to the handle count. */
    private static byte[] mutate(byte[] input, Random random) {
        byte[] out = input.clone();
        if (out.length < 3 || random.nextInt(10) == 0) {
            out[1] = (byte) random.nextInt(8);
            return out;
        }
        int at = 2 + random.nextInt(out.length - 2);
        int word = 2 + ((at - 2) & ~7);
        switch (random.nextInt(5)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = (byte) random.nextInt(256);
            case 2 -> {
                // A pointer, size or count moved by a multiple of 8 onto a neighbouring object.
                if (word + 8 <= out.length) {
                    out[word] = (byte) (out[word] + 8 * (random.nextInt(5) - 2));
                }
            }
            case 3 -> out = Arrays.copyOf(out, 2 + 8 * random.nextInt((out.length - 2) / 8 + 1));
            default -> {
                if (word + 4 <= out.length) {
                    int v = random.nextBoolean() ? 0xFFFF_FFFF : random.nextInt(64);
                    for (int b = 0; b < 4; b++) {
                        out[word + b] = (byte) (v >>> (8 * b));
                    }
                }
            }
        }
        return out;
    }
}
