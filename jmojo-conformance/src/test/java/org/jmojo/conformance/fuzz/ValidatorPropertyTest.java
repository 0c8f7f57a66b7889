package org.jmojo.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.conformance.ChromiumData;
import org.jmojo.conformance.DataFile;
import org.jmojo.conformance.DataFileException;
import org.jmojo.conformance.ValidationCases;
import org.junit.jupiter.api.Test;

/**
 * The short, deterministic run of the validator fuzz property ({@link ValidatorFuzzTarget}) that
 * executes in every build: every {@code .data} case of the Chromium validation directory, every
 * committed seed of {@code src/test/resources/fuzz/validator}, then a bounded number of inputs
 * mutated from them with a fixed-seed {@link Random}. Coverage-guided fuzzing is
 * {@link ValidatorFuzzTest}.
 */
class ValidatorPropertyTest {

    private static final long RANDOM_SEED = 0x6a6d6f6a6fL;
    private static final int MUTATED_INPUTS = 4000;
    private static final int[] INTERESTING_U32 = {0, 1, 7, 8, 16, 24, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE,
        0xFFFF_FFFF};

    @Test
    void validationCases_property_holdsAndEveryPassingCaseIsAccepted() throws IOException, DataFileException {
        Path dir = ChromiumData.dir().resolve("validation");
        int passing = 0;
        for (Path data : dataFiles(dir)) {
            String name = data.getFileName().toString().replace(".data", "");
            DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
            int accepted = ValidatorFuzzTarget.check(ValidatorFuzzTarget.input(parsed.handleCount(), parsed.bytes()));
            if (ValidationCases.readExpected(dir.resolve(name + ".expected")).equals("PASS")) {
                passing++;
                assertThat(accepted).as(name + " is a PASS case, so at least one validator accepts it")
                        .isPositive();
            }
        }
        assertThat(passing).as("PASS cases in " + dir).isPositive();
    }

    @Test
    void committedSeeds_property_holds() throws IOException, URISyntaxException {
        List<byte[]> seeds = committedSeeds();
        assertThat(seeds).as("committed seeds").isNotEmpty();
        for (byte[] seed : seeds) {
            ValidatorFuzzTarget.check(seed);
        }
    }

    @Test
    void controlMessageSeeds_payloadsValidateDecodeAndRoundTrip() throws IOException, URISyntaxException {
        int control = 0;
        for (byte[] seed : committedSeeds()) {
            byte[] message = Arrays.copyOfRange(seed, 1, seed.length);
            if (isControlMessage(message)) {
                control++;
                assertThat(ValidatorFuzzTarget.checkControl(message, seed[0] & 0xFF, seed))
                        .as("control seed " + HexFormat.of().formatHex(seed)).isTrue();
            }
        }
        assertThat(control).as("control-message seeds").isGreaterThanOrEqualTo(5);
    }

    @Test
    void controlMessage_truncatedPayload_isRejectedNotBroken() throws IOException, URISyntaxException {
        byte[] seed = committedSeeds().stream()
                .filter(s -> isControlMessage(Arrays.copyOfRange(s, 1, s.length))
                        && MessageHeader.read(MemorySegment.ofArray(Arrays.copyOfRange(s, 1, s.length))).name()
                        == MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID)
                .findFirst().orElseThrow();
        byte[] message = Arrays.copyOfRange(seed, 1, seed.length - 8);

        assertThat(ValidatorFuzzTarget.checkControl(message, 0, ValidatorFuzzTarget.input(0, message))).isFalse();
    }

    @Test
    void mutatedInputs_property_holdsAndSomeAreAccepted() throws Exception {
        List<byte[]> corpus = new ArrayList<>(committedSeeds());
        for (Path data : dataFiles(ChromiumData.dir().resolve("validation"))) {
            DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
            corpus.add(ValidatorFuzzTarget.input(parsed.handleCount(), parsed.bytes()));
        }
        Random random = new Random(RANDOM_SEED);
        int accepted = 0;
        for (int i = 0; i < MUTATED_INPUTS; i++) {
            byte[] input = corpus.get(random.nextInt(corpus.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, corpus, random);
            }
            if (ValidatorFuzzTarget.check(input) > 0) {
                accepted++;
            }
        }
        // Mutants that still validate are what reach the decoder and the re-encoder; without
        // them the run would only exercise rejection paths.
        assertThat(accepted).as("accepted mutants of " + MUTATED_INPUTS).isGreaterThan(MUTATED_INPUTS / 50);
    }

    private static boolean isControlMessage(byte[] message) {
        try {
            return Validator.validateHeader(MemorySegment.ofArray(message)).isControlMessage();
        } catch (ValidationException e) {
            return false;
        }
    }

    private static byte[] mutate(byte[] input, List<byte[]> corpus, Random random) {
        if (input.length < 2) {
            return corpus.get(random.nextInt(corpus.size())).clone();
        }
        byte[] out = input.clone();
        int at = 1 + random.nextInt(out.length - 1);
        switch (random.nextInt(8)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = (byte) random.nextInt(256);
            case 2 -> {
                // A 32-bit word at a 4-aligned message offset: sizes, counts, pointers, indices.
                int word = 1 + ((at - 1) & ~3);
                if (word + 4 <= out.length) {
                    int v = INTERESTING_U32[random.nextInt(INTERESTING_U32.length)];
                    for (int b = 0; b < 4; b++) {
                        out[word + b] = (byte) (v >>> (8 * b));
                    }
                }
            }
            case 3 -> out[0] = (byte) random.nextInt(16);
            case 4 -> out = Arrays.copyOf(out, 1 + random.nextInt(out.length));
            case 5 -> {
                byte[] longer = Arrays.copyOf(out, out.length + 1 + random.nextInt(24));
                for (int b = out.length; b < longer.length; b++) {
                    longer[b] = (byte) random.nextInt(256);
                }
                out = longer;
            }
            case 6 -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int cut = Math.min(at, other.length);
                byte[] spliced = Arrays.copyOf(out, cut + Math.max(0, other.length - cut));
                System.arraycopy(other, cut, spliced, cut, other.length - cut);
                out = spliced;
            }
            default -> {
                // A 64-bit pointer slot set to a small forward distance or an out-of-range value.
                int slot = 1 + ((at - 1) & ~7);
                if (slot + 8 <= out.length) {
                    long v = random.nextBoolean() ? 8L * random.nextInt(8) : 0x1_0000_0000L;
                    for (int b = 0; b < 8; b++) {
                        out[slot + b] = (byte) (v >>> (8 * b));
                    }
                }
            }
        }
        return out;
    }

    private static List<Path> dataFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
    }

    static List<byte[]> committedSeeds() throws IOException, URISyntaxException {
        Path dir = Path.of(ValidatorPropertyTest.class.getResource("/fuzz/validator").toURI());
        List<byte[]> seeds = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        return seeds;
    }
}
