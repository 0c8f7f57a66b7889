package org.jmojo.internal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Ownership of a descriptor: one close(2) per object, deferred while a call uses it, no use after close. */
class FdTest {

    /** Whether {@code number} is an open descriptor of this process (fcntl(F_GETFD) succeeds). */
    static boolean isOpenNumber(int number) {
        return Libc.fcntl(number, Fcntl.F_GETFD, 0) >= 0;
    }

    @Test
    void close_twice_closesTheNumberOnce() throws Exception {
        EventFd event = new EventFd();
        Fd fd = event.fd();
        int number = fd.number();
        fd.close();
        assertThat(fd.isOpen()).isFalse();
        assertThat(isOpenNumber(number)).isFalse();
        // A new descriptor may now reuse the number; a second close must not close it.
        try (EventFd reuse = new EventFd()) {
            fd.close();
            assertThat(isOpenNumber(reuse.fd().number())).isTrue();
        }
    }

    @Test
    void acquire_afterClose_illegalStateNamingFd() throws Exception {
        Fd fd = new EventFd().fd();
        fd.close();
        assertThatThrownBy(fd::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fd " + fd.number())
                .hasMessageContaining("eventfd")
                .hasMessageContaining("closed");
    }

    @Test
    void close_whileCallInFlight_deferredToLastRelease() throws Exception {
        Fd fd = new EventFd().fd();
        int number = fd.acquire();
        fd.close();
        assertThat(fd.isOpen()).isFalse();
        assertThat(isOpenNumber(number)).as("still open while a call uses it").isTrue();
        fd.releaseUse();
        assertThat(isOpenNumber(number)).isFalse();
    }

    @Test
    void release_givesUpOwnership_closeDoesNothing() throws Exception {
        Fd fd = new EventFd().fd();
        int number = fd.release();
        fd.close();
        assertThat(isOpenNumber(number)).isTrue();
        assertThatThrownBy(fd::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        new Fd(number, "test").close();
        assertThat(isOpenNumber(number)).isFalse();
    }

    @Test
    void release_whileInUse_illegalState() throws Exception {
        try (EventFd event = new EventFd()) {
            event.fd().acquire();
            try {
                assertThatThrownBy(event.fd()::release).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("1 call(s)");
            } finally {
                event.fd().releaseUse();
            }
        }
    }

    @Test
    void duplicate_newCloseOnExecNumber_independentOfOriginal() throws Exception {
        try (EventFd event = new EventFd(); Fd copy = event.fd().duplicate()) {
            assertThat(copy.number()).isNotEqualTo(event.fd().number());
            assertThat(Fcntl.isCloseOnExec(copy)).isTrue();
            event.signal();
            event.fd().close();
            // The copy refers to the same counter.
            assertThat(isOpenNumber(copy.number())).isTrue();
        }
    }

    @Test
    void constructor_negativeNumber_illegalArgument() {
        assertThatThrownBy(() -> new Fd(-1, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void close_numberClosedBehindOwnersBack_illegalStateEbadf() throws Exception {
        Fd fd = new EventFd().fd();
        Libc.close(fd.number());
        assertThatThrownBy(fd::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("EBADF");
    }
}
