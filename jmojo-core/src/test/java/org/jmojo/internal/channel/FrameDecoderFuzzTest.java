package org.jmojo.internal.channel;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the frame decoder ({@link FrameDecoderFuzzTarget}). In a normal build Jazzer
 * only replays its inputs directory (regression mode); the seeds and a bounded mutation run go
 * through the target in every build in {@link FrameDecoderFuzzTargetTest}. With {@code JAZZER_FUZZ=1}
 * Jazzer fuzzes with coverage feedback; the command is in {@code src/test/resources/fuzz/README.md}.
 */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void frameDecoder_anyBytesAnySplit_checkedFramesOrTypedViolation(byte[] input) {
        FrameDecoderFuzzTarget.check(input);
    }
}
