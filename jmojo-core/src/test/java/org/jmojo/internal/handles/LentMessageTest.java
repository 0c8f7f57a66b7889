package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ownership rules of a message lent its writer's array for the duration of the write ({@link LocalMessage.Lent}). */
@Timeout(60)
class LentMessageTest {
    private static byte[] filled(int value) {
        byte[] bytes = new byte[16 * 1024];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static <T> T onAnotherThread(java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void settled_bytesAreTheMessagesOwn_writerChangingItsArrayChangesNothing() {
        byte[] writers = filled(1);
        LocalMessage.Lent m = new LocalMessage.Lent(writers);
        m.settle();
        Arrays.fill(writers, (byte) 2);
        assertThat(m.bytes()).isNotSameAs(writers).isEqualTo(filled(1));
        assertThat(m.bytesForEncoding()).as("after settling, the encoding gets the message's copy").isEqualTo(filled(1));
        assertThat(m.payloadBytes()).isEqualTo(16 * 1024);
    }

    @Test
    void readBeforeTheWriterSettles_onAnotherThread_getsACopy_andSettlingCopiesNoMore() throws Exception {
        byte[] writers = filled(3);
        LocalMessage.Lent m = new LocalMessage.Lent(writers);
        byte[] read = onAnotherThread(m::bytes);
        assertThat(read).isNotSameAs(writers).isEqualTo(filled(3));
        m.settle();
        Arrays.fill(writers, (byte) 4);
        assertThat(m.bytes()).isSameAs(read).isEqualTo(filled(3));
    }

    @Test
    void encodedOnAnotherThread_getsACopy_writerSettlesAfterwards() throws Exception {
        byte[] writers = filled(5);
        LocalMessage.Lent m = new LocalMessage.Lent(writers);
        byte[] encoded = onAnotherThread(m::bytesForEncoding);
        assertThat(encoded).isNotSameAs(writers).isEqualTo(filled(5));
        m.settle();
        Arrays.fill(writers, (byte) 6);
        assertThat(encoded).isEqualTo(filled(5));
    }

    @Test
    void encodedByTheWriterDuringTheWrite_usesTheWritersArray_thenTheMessageHasNoBytesHere() {
        byte[] writers = filled(7);
        LocalMessage.Lent m = new LocalMessage.Lent(writers);
        assertThat(m.bytesForEncoding()).as("gathered into the frame: no copy").isSameAs(writers);
        m.settle();
        assertThatThrownBy(m::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("another node");
        assertThatThrownBy(m::bytesForEncoding).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readByTheWriterThreadDuringTheWrite_aTrapHandlerSay_getsACopy() {
        byte[] writers = filled(8);
        LocalMessage.Lent m = new LocalMessage.Lent(writers);
        byte[] read = m.bytes();
        assertThat(read).isNotSameAs(writers);
        m.settle();
        Arrays.fill(writers, (byte) 9);
        assertThat(read).isEqualTo(filled(8));
    }
}
