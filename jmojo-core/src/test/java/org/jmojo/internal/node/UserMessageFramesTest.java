package org.jmojo.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.jmojo.internal.channel.ChannelLimits;
import org.jmojo.system.MessagePipeEndpoint;
import org.junit.jupiter.api.Test;

class UserMessageFramesTest {
    @Test
    void frameBytes_headerEventBodyDescriptorsEntriesAndPaddedPayload() {
        assertThat(UserMessageFrames.frameBytes(0, 0, 0)).isEqualTo(16 + 48 + 24);
        assertThat(UserMessageFrames.frameBytes(1, 0, 0)).isEqualTo(16 + 48 + 24 + 8);
        assertThat(UserMessageFrames.frameBytes(8, 0, 0)).isEqualTo(16 + 48 + 24 + 8);
        assertThat(UserMessageFrames.frameBytes(9, 2, 3)).isEqualTo(16 + 48 + 24 + 2 * 120 + 3 * 16 + 16);
    }

    @Test
    void maxFrameBytes_isWhatAChannelAcceptsAndWhatTheApiPromises() {
        assertThat(UserMessageFrames.MAX_FRAME_BYTES)
                .isEqualTo(ChannelLimits.DEFAULT.maxFrameLength())
                .isEqualTo(MessagePipeEndpoint.MAX_FRAME_BYTES);
    }

    @Test
    void fits_upToTheLastByteThatFits() {
        long largest = UserMessageFrames.MAX_FRAME_BYTES - (16 + 48 + 24 + 120 + 16);
        assertThat(UserMessageFrames.fits(largest, 1, 1)).isTrue();
        assertThat(UserMessageFrames.fits(largest + 1, 1, 1)).isFalse();
        assertThat(UserMessageFrames.fits(0, 4096, 4096)).isTrue();
        assertThat(UserMessageFrames.fits(Integer.MAX_VALUE, 0, 0)).isFalse();
    }
}
