package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An unread pipe holds a million small messages and hands every one back, in order. */
@Timeout(120)
class MillionMessagesTest {
    private static final int COUNT = 1_000_000;
    private static final int SIZE = 8;

    @Test
    void millionSmallMessages_unread_allQueuedThenReadInOrder() {
        try (MessagePipe p = Core.instance().createMessagePipe()) {
            byte[] m = new byte[SIZE];
            for (int i = 0; i < COUNT; i++) {
                putInt(m, i);
                MojoResult r = p.end0().writeMessage(m);
                if (r != MojoResult.OK) {
                    throw new AssertionError("write " + i + " failed: " + r);
                }
            }
            assertThat(p.end1().queuedMessages()).isEqualTo(COUNT);
            assertThat(p.end1().queuedBytes()).isEqualTo((long) COUNT * SIZE);
            p.end0().close(); // queued messages stay readable after the writer is gone

            for (int i = 0; i < COUNT; i++) {
                ReadResult r = p.end1().readMessage();
                if (!r.isOk() || r.message().bytes().length != SIZE || getInt(r.message().bytes()) != i) {
                    throw new AssertionError("message " + i + ": " + r.result()
                            + (r.isOk() ? " seq " + getInt(r.message().bytes()) : ""));
                }
            }
            assertThat(p.end1().queuedMessages()).isZero();
            assertThat(p.end1().queuedBytes()).isZero();
            assertThat(p.end1().readMessage().result()).isEqualTo(MojoResult.FAILED_PRECONDITION);
        }
    }

    private static void putInt(byte[] b, int v) {
        b[0] = (byte) (v >>> 24);
        b[1] = (byte) (v >>> 16);
        b[2] = (byte) (v >>> 8);
        b[3] = (byte) v;
        b[4] = (byte) ~b[0]; // a second copy, inverted, so a torn or shifted payload cannot pass
        b[5] = (byte) ~b[1];
        b[6] = (byte) ~b[2];
        b[7] = (byte) ~b[3];
    }

    private static int getInt(byte[] b) {
        int v = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int check = (~b[4] & 0xff) << 24 | (~b[5] & 0xff) << 16 | (~b[6] & 0xff) << 8 | (~b[7] & 0xff);
        return v == check ? v : -1;
    }
}
