package org.jmojo.internal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sockets, descriptor passing and peer credentials against the real kernel. */
@Timeout(60)
class UnixSocketTest {
    @TempDir
    Path dir;

    static long openFdCount() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static long sendAll(SocketMessenger out, Fd socket, byte[] data) throws Exception {
        MemorySegment heap = MemorySegment.ofArray(data);
        long sent = 0;
        while (sent < data.length) {
            long n = out.send(socket, heap, sent, data.length - sent, List.of());
            assertThat(n).isPositive();
            sent += n;
        }
        return sent;
    }

    @Test
    void sendFileDescriptor_arrives_contentsReadableThroughReceivedFd() throws Exception {
        Path file = dir.resolve("payload.txt");
        Files.writeString(file, "read through a passed descriptor");
        try (UnixSocket.Pair pair = UnixSocket.pair(true);
                SocketMessenger out = new SocketMessenger(4096);
                SocketMessenger in = new SocketMessenger(4096);
                Fd opened = Os.open(file, false)) {
            assertThat(out.send(pair.first(), MemorySegment.ofArray(new byte[] {42}), 0, 1, List.of(opened))).isEqualTo(1);
            opened.close();
            Files.delete(file); // only the descriptor in flight reaches the contents now
            List<Fd> received = new ArrayList<>();
            assertThat(in.receive(pair.second(), received)).isEqualTo(1);
            assertThat(in.buffer().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 42);
            assertThat(received).hasSize(1);
            try (Fd fd = received.getFirst()) {
                assertThat(Fcntl.isCloseOnExec(fd)).as("MSG_CMSG_CLOEXEC").isTrue();
                byte[] buffer = new byte[100];
                int n = Os.read(fd, buffer, 0, buffer.length);
                assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("read through a passed descriptor");
            }
        }
    }

    @Test
    void sendSeveralFds_arriveInOrderWithTheFirstByte() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.pair(true);
                SocketMessenger out = new SocketMessenger(4096);
                SocketMessenger in = new SocketMessenger(4096)) {
            List<Fd> sent = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                sent.add(SharedMemory.create("order-" + i, i * 4096L));
            }
            out.send(pair.first(), MemorySegment.ofArray(new byte[] {1, 2, 3}), 0, 3, sent);
            sent.forEach(Fd::close);
            List<Fd> received = new ArrayList<>();
            assertThat(in.receive(pair.second(), received)).isEqualTo(3);
            assertThat(received).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(Files.size(Path.of("/proc/self/fd/" + received.get(i).number()))).isEqualTo((i + 1) * 4096L);
                received.get(i).close();
            }
        }
    }

    @Test
    void largeWrite_partialWritesFinishedByCallerLoop_allBytesArriveInOrder() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        try (UnixSocket.Pair pair = UnixSocket.pair(true);
                Arena arena = Arena.ofShared();
                SocketMessenger out = new SocketMessenger(4096);
                SocketMessenger in = new SocketMessenger(64 * 1024);
                Poller writable = new Poller(1);
                Poller readable = new Poller(1)) {
            MemorySegment nativeData = arena.allocate(data.length);
            MemorySegment.copy(data, 0, nativeData, ValueLayout.JAVA_BYTE, 0, data.length);
            CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] got = new byte[data.length];
                    int at = 0;
                    readable.set(0, pair.second(), Poller.IN);
                    while (at < got.length) {
                        long n = in.receive(pair.second(), new ArrayList<>());
                        if (n == UnixSocket.WOULD_BLOCK) {
                            readable.poll(-1);
                            continue;
                        }
                        MemorySegment.copy(in.buffer(), ValueLayout.JAVA_BYTE, 0, got, at, (int) n);
                        at += (int) n;
                    }
                    return got;
                } catch (NativeException e) {
                    throw new RuntimeException(e);
                }
            }, runnable -> Thread.ofPlatform().start(runnable));
            writable.set(0, pair.first(), Poller.OUT);
            long sent = 0;
            int shortWrites = 0;
            int wouldBlock = 0;
            while (sent < data.length) {
                long n = out.send(pair.first(), nativeData, sent, data.length - sent, List.of());
                if (n == UnixSocket.WOULD_BLOCK) {
                    wouldBlock++;
                    writable.poll(-1);
                    continue;
                }
                if (n < data.length - sent) {
                    shortWrites++;
                }
                sent += n;
            }
            assertThat(shortWrites).as("4 MiB cannot fit a socket buffer at once").isPositive();
            assertThat(Arrays.equals(reader.join(), data)).isTrue();
            assertThat(wouldBlock + shortWrites).isPositive();
        }
    }

    @Test
    void fullSocket_sendReturnsWouldBlock_emptySocketReceiveReturnsWouldBlock() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.pair(true);
                SocketMessenger out = new SocketMessenger(64 * 1024);
                SocketMessenger in = new SocketMessenger(64 * 1024)) {
            assertThat(in.receive(pair.second(), new ArrayList<>())).isEqualTo(UnixSocket.WOULD_BLOCK);
            MemorySegment chunk = MemorySegment.ofArray(new byte[64 * 1024]);
            long total = 0;
            long n;
            int calls = 0;
            while ((n = out.send(pair.first(), chunk, 0, chunk.byteSize(), List.of())) != UnixSocket.WOULD_BLOCK) {
                total += n;
                assertThat(++calls).as("a socket buffer is finite").isLessThan(100_000);
            }
            assertThat(total).isPositive();
        }
    }

    @Test
    void receive_peerClosed_endOfStreamZero_sendToClosedPeer_epipe() throws Exception {
        UnixSocket.Pair pair = UnixSocket.pair(true);
        try (SocketMessenger messenger = new SocketMessenger(1024)) {
            pair.first().close();
            assertThat(messenger.receive(pair.second(), new ArrayList<>())).isZero();
            // MSG_NOSIGNAL: EPIPE comes back as an error instead of SIGPIPE killing the JVM.
            assertThatThrownBy(() -> messenger.send(pair.second(), MemorySegment.ofArray(new byte[1]), 0, 1, List.of()))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("sendmsg")
                    .hasMessageContaining("EPIPE")
                    .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(Errno.EPIPE));
        } finally {
            pair.close();
        }
    }

    @Test
    void receive_moreFdsThanControlSpace_controlTruncatedAndNothingLeaks() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.pair(true);
                SocketMessenger out = new SocketMessenger(1024);
                SocketMessenger in = new SocketMessenger(1024, 1)) {
            List<Fd> sent = List.of(new EventFd().fd(), new EventFd().fd(), new EventFd().fd());
            out.send(pair.first(), MemorySegment.ofArray(new byte[] {9}), 0, 1, sent);
            sent.forEach(Fd::close);
            long before = openFdCount();
            List<Fd> received = new ArrayList<>();
            assertThat(in.receive(pair.second(), received)).isEqualTo(UnixSocket.CONTROL_TRUNCATED);
            assertThat(received).isEmpty();
            assertThat(openFdCount()).as("the fd that did arrive was closed").isEqualTo(before);
        }
    }

    @Test
    void peerCredentials_socketPair_ourPidAndUid() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.pair(true)) {
            UnixSocket.PeerCredentials credentials = UnixSocket.peerCredentials(pair.second());
            assertThat((long) credentials.pid()).isEqualTo(ProcessHandle.current().pid());
            Path mine = Files.createFile(dir.resolve("owned-by-us"));
            assertThat(credentials.uid()).isEqualTo((int) Files.getAttribute(mine, "unix:uid"));
            assertThat(credentials.uid()).isEqualTo(Os.uid());
        }
    }

    @Test
    void listenConnectAccept_overPath_bytesFlowAndCredentialsSeen() throws Exception {
        Path path = dir.resolve("node.sock");
        try (Fd listener = UnixSocket.listen(path, 8);
                SocketMessenger messenger = new SocketMessenger(1024)) {
            assertThat(UnixSocket.accept(listener)).as("nothing pending").isNull();
            try (Fd client = UnixSocket.connect(path); Fd server = UnixSocket.accept(listener)) {
                assertThat(server).isNotNull();
                assertThat(Fcntl.isNonBlocking(server)).isTrue();
                assertThat(Fcntl.isCloseOnExec(server)).isTrue();
                assertThat(UnixSocket.peerCredentials(server).pid()).isEqualTo(Os.pid());
                sendAll(messenger, client, new byte[] {5, 6});
                assertThat(messenger.receive(server, new ArrayList<>())).isEqualTo(2);
            }
        }
    }

    @Test
    void listen_staleSocketFile_plainListenFailsReplacingStaleSucceeds() throws Exception {
        Path path = dir.resolve("stale.sock");
        UnixSocket.listen(path, 1).close(); // a dead process's socket file stays behind
        assertThat(path).exists();
        assertThatThrownBy(() -> UnixSocket.listen(path, 1))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("bind")
                .hasMessageContaining("EADDRINUSE");
        try (Fd listener = UnixSocket.listenReplacingStale(path, 1); Fd client = UnixSocket.connect(path)) {
            assertThat(UnixSocket.accept(listener)).isNotNull().satisfies(Fd::close);
        }
    }

    @Test
    void listenReplacingStale_liveListenerOrRegularFile_leftAloneAndAddressInUse() throws Exception {
        Path live = dir.resolve("live.sock");
        try (Fd listener = UnixSocket.listen(live, 1)) {
            assertThatThrownBy(() -> UnixSocket.listenReplacingStale(live, 1))
                    .isInstanceOf(NativeException.class).hasMessageContaining("EADDRINUSE");
            try (Fd client = UnixSocket.connect(live)) {
                assertThat(UnixSocket.accept(listener)).as("the original listener still works").isNotNull()
                        .satisfies(Fd::close);
            }
        }
        Path regular = dir.resolve("regular.sock");
        Files.writeString(regular, "not a socket");
        assertThatThrownBy(() -> UnixSocket.listenReplacingStale(regular, 1)).isInstanceOf(NativeException.class);
        assertThat(Files.readString(regular)).isEqualTo("not a socket");
    }

    @Test
    void connect_noFileOrNobodyListening_errnoNamed() throws Exception {
        assertThatThrownBy(() -> UnixSocket.connect(dir.resolve("missing.sock")))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("connect")
                .hasMessageContaining("ENOENT");
        Path stale = dir.resolve("gone.sock");
        UnixSocket.listen(stale, 1).close();
        assertThatThrownBy(() -> UnixSocket.connect(stale)).hasMessageContaining("ECONNREFUSED");
    }

    @Test
    void listen_pathTooLong_illegalArgumentNamingLength() {
        Path path = dir.resolve("x".repeat(120));
        assertThatThrownBy(() -> UnixSocket.listen(path, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("107");
    }

    @Test
    void socketsAndDescriptors_noLeakAcrossCycles() throws Exception {
        long before = openFdCount();
        for (int i = 0; i < 200; i++) {
            try (UnixSocket.Pair pair = UnixSocket.pair(true);
                    SocketMessenger messenger = new SocketMessenger(64);
                    Fd memfd = SharedMemory.create("cycle", 64)) {
                messenger.send(pair.first(), MemorySegment.ofArray(new byte[1]), 0, 1, List.of(memfd));
                List<Fd> received = new ArrayList<>();
                messenger.receive(pair.second(), received);
                received.forEach(Fd::close);
            }
        }
        assertThat(openFdCount()).isEqualTo(before);
        assertThat(new File("/proc/self/fd").isDirectory()).isTrue();
    }
}
