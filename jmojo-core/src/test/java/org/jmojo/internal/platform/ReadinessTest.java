package org.jmojo.internal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** epoll, poll and eventfd: readiness, one-shot re-arming, wake-ups, and the platform-thread rule. */
@Timeout(60)
class ReadinessTest {

    private static void sendByte(Fd socket) throws NativeException {
        try (SocketMessenger messenger = new SocketMessenger(8)) {
            assertThat(messenger.send(socket, MemorySegment.ofArray(new byte[] {1}), 0, 1, List.of())).isEqualTo(1);
        }
    }

    @Test
    void epoll_socketBecomesReadable_reportedWithItsData() throws Exception {
        try (Epoll epoll = new Epoll(8); UnixSocket.Pair pair = UnixSocket.pair(true)) {
            epoll.add(pair.second(), Epoll.IN | Epoll.RDHUP, 77);
            assertThat(epoll.await(0)).isZero();
            sendByte(pair.first());
            assertThat(epoll.await(10_000)).isEqualTo(1);
            assertThat(epoll.data(0)).isEqualTo(77);
            assertThat(epoll.events(0) & Epoll.IN).isNotZero();
            pair.first().close();
            assertThat(epoll.await(10_000)).isEqualTo(1);
            assertThat(epoll.events(0) & Epoll.RDHUP).as("peer closed").isNotZero();
        }
    }

    @Test
    void epoll_severalFds_packedEventsReadBackCorrectly() throws Exception {
        try (Epoll epoll = new Epoll(8);
                UnixSocket.Pair a = UnixSocket.pair(true);
                UnixSocket.Pair b = UnixSocket.pair(true);
                UnixSocket.Pair c = UnixSocket.pair(true)) {
            epoll.add(a.second(), Epoll.IN, 0x1_0000_0001L);
            epoll.add(b.second(), Epoll.IN, 0x2_0000_0002L);
            epoll.add(c.second(), Epoll.IN, 0x3_0000_0003L);
            sendByte(a.first());
            sendByte(b.first());
            sendByte(c.first());
            int n = epoll.await(10_000);
            java.util.Set<Long> data = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                assertThat(epoll.events(i)).isEqualTo(Epoll.IN);
                data.add(epoll.data(i));
            }
            assertThat(data).containsExactlyInAnyOrder(0x1_0000_0001L, 0x2_0000_0002L, 0x3_0000_0003L);
        }
    }

    @Test
    void epoll_oneShot_silentUntilRearmed() throws Exception {
        try (Epoll epoll = new Epoll(4); UnixSocket.Pair pair = UnixSocket.pair(true)) {
            epoll.add(pair.second(), Epoll.IN | Epoll.ONESHOT, 5);
            sendByte(pair.first());
            assertThat(epoll.await(10_000)).isEqualTo(1);
            assertThat(epoll.await(0)).as("disarmed although still readable").isZero();
            epoll.modify(pair.second(), Epoll.IN | Epoll.ONESHOT, 5);
            assertThat(epoll.await(10_000)).isEqualTo(1);
            assertThat(epoll.delete(pair.second())).isTrue();
            assertThat(epoll.delete(pair.second())).isFalse();
        }
    }

    @Test
    void eventFd_wakesThreadBlockedInEpollWait() throws Exception {
        try (Epoll epoll = new Epoll(4); EventFd wakeup = new EventFd()) {
            epoll.add(wakeup.fd(), Epoll.IN, 1);
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Long> woken = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    waiting.countDown();
                    int n = epoll.await(-1);
                    woken.complete(n == 1 ? epoll.data(0) : -n);
                } catch (Throwable t) {
                    woken.completeExceptionally(t);
                }
            });
            waiting.await();
            wakeup.signal();
            assertThat(woken.join()).isEqualTo(1);
            wakeup.signal();
            assertThat(wakeup.drain()).isEqualTo(2);
            assertThat(wakeup.drain()).isZero();
        }
    }

    @Test
    void blockingWaits_onVirtualThread_illegalStateButNonBlockingLookAllowed() throws Exception {
        try (Epoll epoll = new Epoll(1); Poller poller = new Poller(1); EventFd event = new EventFd()) {
            poller.set(0, event.fd(), Poller.IN);
            AtomicReference<Throwable> epollFailure = new AtomicReference<>();
            AtomicReference<Throwable> pollFailure = new AtomicReference<>();
            AtomicReference<Integer> looked = new AtomicReference<>();
            Thread.ofVirtual().start(() -> {
                try {
                    epoll.await(-1);
                } catch (Throwable t) {
                    epollFailure.set(t);
                }
                try {
                    poller.poll(5);
                } catch (Throwable t) {
                    pollFailure.set(t);
                }
                try {
                    looked.set(epoll.await(0) + poller.poll(0));
                } catch (Throwable t) {
                    looked.set(-1);
                }
            }).join();
            assertThat(epollFailure.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("epoll_wait").hasMessageContaining("virtual thread")
                    .hasMessageContaining("platform thread");
            assertThat(pollFailure.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("poll");
            assertThat(looked.get()).isZero();
        }
    }

    @Test
    void poller_socketAndEventFd_reportsWhichIsReady() throws Exception {
        try (Poller poller = new Poller(2); UnixSocket.Pair pair = UnixSocket.pair(true); EventFd event = new EventFd()) {
            poller.set(0, pair.second(), Poller.IN);
            poller.set(1, event.fd(), Poller.IN);
            assertThat(poller.poll(0)).isZero();
            event.signal();
            assertThat(poller.poll(10_000)).isEqualTo(1);
            assertThat(poller.ready(0)).isZero();
            assertThat(poller.ready(1) & Poller.IN).isNotZero();
            event.drain();
            sendByte(pair.first());
            assertThat(poller.poll(10_000)).isEqualTo(1);
            assertThat(poller.ready(0) & Poller.IN).isNotZero();
        }
    }

    @Test
    void sharedMemory_mappedInReceiverAfterPassing_seesWritersBytes() throws Exception {
        try (Fd memfd = SharedMemory.create("shared", 4096);
                SharedMemory.Mapping writer = SharedMemory.map(memfd, 4096, true);
                UnixSocket.Pair pair = UnixSocket.pair(true);
                SocketMessenger messenger = new SocketMessenger(8)) {
            writer.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, 128, 0x1234_5678_9ABCL);
            messenger.send(pair.first(), MemorySegment.ofArray(new byte[1]), 0, 1, List.of(memfd));
            java.util.ArrayList<Fd> received = new java.util.ArrayList<>();
            messenger.receive(pair.second(), received);
            try (Fd copy = received.getFirst(); SharedMemory.Mapping reader = SharedMemory.map(copy, 4096, false)) {
                assertThat(reader.segment().get(java.lang.foreign.ValueLayout.JAVA_LONG, 128)).isEqualTo(0x1234_5678_9ABCL);
            }
            assertThatThrownBy(() -> writer.segment().get(java.lang.foreign.ValueLayout.JAVA_LONG, 4096))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
