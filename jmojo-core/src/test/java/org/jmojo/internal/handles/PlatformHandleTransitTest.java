package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jmojo.system.Core;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.ReadResult;
import org.jmojo.internal.platform.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform handle in transit (docs/architecture.md §1): while a write attaches it, an unwrap gets {@code BUSY};
 * and a send racing an unwrap on two threads never lets both succeed, so the descriptor always has one owner.
 */
@Timeout(120)
class PlatformHandleTransitTest {
    private final Core core = Core.instance();

    @TempDir
    Path dir;

    private Path file() throws IOException {
        return TestFiles.file(dir, "transit.txt", "x");
    }

    @Test
    void whileAWriteAttachesIt_unwrapIsBusy_andAfterAFailedWriteItWorks() throws IOException {
        PlatformHandle h = core.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
        PlatformDispatcher d = (PlatformDispatcher) HandleHolder.dispatcherOf(h, -1);
        d.beginTransit();
        assertThatThrownBy(h::unwrapFileDescriptor)
                .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.BUSY))
                .hasMessageContaining("handle=0x" + Integer.toHexString(h.value()))
                .hasMessageContaining("is being sent in a message by another thread");
        h.close(); // deferred until the write decides
        assertThat(TestFiles.pointingAt(file())).isEqualTo(1);
        d.endTransit(false); // the write failed: the requested close happens now
        assertThat(TestFiles.pointingAt(file())).isZero();
    }

    @Test
    void sendRacingUnwrap_exactlyOneWins_theDescriptorHasOneOwner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (MessagePipe pipe = core.createMessagePipe()) {
            CyclicBarrier start = new CyclicBarrier(2);
            for (int i = 0; i < 300; i++) {
                PlatformHandle h = core.wrapFileChannel(FileChannel.open(file(), StandardOpenOption.READ));
                Future<Boolean> send = pool.submit(() -> {
                    start.await();
                    try {
                        return pipe.end0().writeMessage(new byte[0], List.of(h)) == MojoResult.OK;
                    } catch (MojoException busyOrGone) {
                        return false;
                    }
                });
                Future<Integer> unwrap = pool.submit(() -> {
                    start.await();
                    try {
                        return h.unwrapFileDescriptor();
                    } catch (MojoException busyOrGone) {
                        return -1;
                    }
                });
                boolean sent = send.get();
                int fd = unwrap.get();
                // A send refused as BUSY means the unwrap held the handle, and an unwrap refused means the send
                // did: exactly one of them wins each round.
                assertThat(sent ^ fd >= 0).as("round %d: sent=%s, unwrapped fd=%d", i, sent, fd).isTrue();
                assertThat(TestFiles.pointingAt(file())).as("round %d: one descriptor, one owner", i).isEqualTo(1);
                if (sent) {
                    ReadResult r = pipe.end1().readMessage();
                    Message m = r.message();
                    m.closeHandles();
                } else if (fd >= 0) {
                    core.wrapFileDescriptor(fd).close(); // the number was the test's: closed through a new owner
                }
                assertThat(TestFiles.pointingAt(file())).as("round %d: closed", i).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
