package org.jmojo.internal.ports.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of event decoding ({@link EventDecoderFuzzTarget}). In a normal build Jazzer only replays its
 * inputs directory (regression mode); the seeds and a bounded mutation run go through the target in every build in
 * {@link EventDecoderFuzzTargetTest}. With {@code JAZZER_FUZZ=1} Jazzer fuzzes with coverage feedback; the command
 * is in {@code src/test/resources/fuzz/README.md}.
 */
class EventDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void eventDecoder_anyBytesAnyFdCount_canonicalEventOrTypedRejection(byte[] input) {
        EventDecoderFuzzTarget.check(input);
    }
}
