package org.jmojo.mojom.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The short, deterministic run of the compiler fuzz property ({@link CompilerFuzzTarget}) that
 * executes in every build: every seed unmutated, then a fixed number of grammar-aware mutants
 * ({@link MojomMutator}) drawn with a fixed-seed {@link Random}, a few of them (and one seed)
 * compiled with javac. Coverage-guided fuzzing is {@link CompilerFuzzTest}.
 */
class CompilerMutationTest {

    private static final long RANDOM_SEED = 0x6d6f6a6f6dL;
    private static final int MUTANTS = 5000;
    /** Every this many accepted mutants, one is compiled with javac (at most {@link #JAVAC_RUNS} in all). */
    private static final int JAVAC_EVERY = 50;
    private static final int JAVAC_RUNS = 4;

    @Test
    void seeds_unmutated_holdTheProperty() {
        int accepted = 0;
        for (CompilerFuzzTarget.Seed seed : CompilerFuzzTarget.SEEDS) {
            if (CompilerFuzzTarget.check(seed, seed.text(), false, null).accepted()) {
                accepted++;
            }
        }
        // The corpus holds both valid files and error cases; both kinds must be there.
        assertThat(accepted).as("seeds that compile").isBetween(10, CompilerFuzzTarget.SEEDS.size() - 10);
    }

    @Test
    void goldenSeed_generatedJava_compilesWithJavac() {
        CompilerFuzzTarget.Seed golden = CompilerFuzzTarget.SEEDS.stream()
                .filter(s -> s.file().getFileName().toString().equals("golden.mojom")).findFirst().orElseThrow();
        assertThat(CompilerFuzzTarget.check(golden, golden.text(), true, null)).isEqualTo(
                new CompilerFuzzTarget.Outcome(true, true));
    }

    /**
     * Enumerators named after the members of the generated enum class: {@code value} and
     * {@code name} once became static constants beside the instance fields of those names, and
     * javac rejected the class.
     */
    @Test
    void enumeratorsNamedValueAndName_generatedJavaCompilesWithJavac() {
        CompilerFuzzTarget.Seed seed = CompilerFuzzTarget.SEEDS.getFirst();
        String text = "module probe;\nenum E { value, name, values, valueOf, ordinal };\n"
                + "struct S { E e = E.value; E f = name; };\n";
        assertThat(CompilerFuzzTarget.check(seed, text, true, null)).isEqualTo(new CompilerFuzzTarget.Outcome(true, true));
    }

    @Test
    void mutants_holdTheProperty_andSomeCompileToJava() {
        Random random = new Random(RANDOM_SEED);
        MojomMutator.Choices choices = random::nextInt;
        List<String> texts = CompilerFuzzTarget.SEEDS.stream().map(CompilerFuzzTarget.Seed::text).toList();
        // Three mutants in four start from a seed that compiles, so that many still compile and
        // reach the generator; the rest start anywhere, error cases included.
        List<CompilerFuzzTarget.Seed> valid = CompilerFuzzTarget.SEEDS.stream()
                .filter(s -> CompilerFuzzTarget.check(s, s.text(), false, null).accepted()).toList();
        int accepted = 0;
        int javac = 0;
        for (int i = 0; i < MUTANTS; i++) {
            List<CompilerFuzzTarget.Seed> from = random.nextInt(4) == 0 ? CompilerFuzzTarget.SEEDS : valid;
            CompilerFuzzTarget.Seed seed = from.get(random.nextInt(from.size()));
            String text = MojomMutator.mutate(seed.text(), texts, 2, choices);
            boolean compileJava = accepted % JAVAC_EVERY == JAVAC_EVERY / 5 && javac < JAVAC_RUNS;
            CompilerFuzzTarget.Outcome outcome = CompilerFuzzTarget.check(seed, text, compileJava, null);
            if (outcome.accepted()) {
                accepted++;
            }
            if (outcome.javacRan()) {
                javac++;
            }
        }
        // Mutants that still compile are the ones that reach the generator and javac.
        assertThat(accepted).as("accepted mutants of " + MUTANTS).isGreaterThan(MUTANTS / 40);
        assertThat(javac).as("mutants compiled with javac").isGreaterThanOrEqualTo(2);
    }
}
