package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.jmojo.internal.node.UserMessageFrames;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.junit.jupiter.api.Test;

/**
 * A write with handles must fit one frame as if it left the node: its payload, a descriptor per attached endpoint's
 * port, an entry and an 8-byte header per handle. At the exact largest payload the write succeeds, one byte more is
 * RESOURCE_EXHAUSTED with nothing taken; an endpoint costs more room than a platform handle (its port descriptor).
 */
class FrameBoundaryTest {
    private final Core core = Core.instance();
    private final byte[] huge = new byte[MessagePipeEndpoint.MAX_FRAME_BYTES];

    /** The largest payload that fits one frame with {@code ports} port descriptors among {@code handles} handles. */
    private static int largestPayload(int ports, int handles) {
        long extra = (long) handles * LocalMessageCodec.HEADER_BYTES;
        long n = UserMessageFrames.MAX_FRAME_BYTES - UserMessageFrames.frameBytes(0, ports, handles, extra);
        while (!UserMessageFrames.fits(n, ports, handles, extra)) {
            n--;
        }
        while (UserMessageFrames.fits(n + 1, ports, handles, extra)) {
            n++;
        }
        return Math.toIntExact(n);
    }

    @Test
    void oneEndpoint_largestPayloadFits_oneByteMoreExhausted_theEndpointKept() {
        int largest = largestPayload(1, 1);
        try (MessagePipe p = core.createMessagePipe(); MessagePipe cargo = core.createMessagePipe()) {
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge, 0, largest + 1), List.of(cargo.end0())))
                    .isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge, 0, largest), List.of(cargo.end0())))
                    .isEqualTo(MojoResult.OK);
            var m = p.end1().readMessage().message();
            assertThat(m.bytes()).hasSize(largest);
            m.closeHandles();
        }
    }

    @Test
    void aPlatformHandleTakesLessRoomThanAnEndpoint_itsLargestPayloadIsTooLargeWithAnEndpoint() throws Exception {
        int withPlatform = largestPayload(0, 1);
        assertThat(withPlatform).isGreaterThan(largestPayload(1, 1));
        UnixSocket.Pair pair = UnixSocket.pair(false);
        pair.second().close();
        try (MessagePipe p = core.createMessagePipe(); MessagePipe cargo = core.createMessagePipe();
                PlatformHandle h = core.wrapFileDescriptor(pair.first().release())) {
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge, 0, withPlatform), List.of(cargo.end0())))
                    .isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge, 0, withPlatform + 1), List.of(h)))
                    .isEqualTo(MojoResult.RESOURCE_EXHAUSTED);
            assertThat(h.isValid()).isTrue();
            assertThat(p.end0().writeMessage(ByteBuffer.wrap(huge, 0, withPlatform), List.of(h))).isEqualTo(MojoResult.OK);
            var m = p.end1().readMessage().message();
            assertThat(m.bytes()).hasSize(withPlatform);
            m.closeHandles();
        }
    }
}
