package org.jmojo.internal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

/** Platform check, errno capture and the struct layouts against their documented offsets. */
class LibcTest {

    @Test
    void requireSupportedPlatform_otherSystems_unsupportedNamingThem() {
        assertThatThrownBy(() -> Libc.requireSupportedPlatform("Mac OS X", "aarch64"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Linux on x86-64")
                .hasMessageContaining("os.name=Mac OS X")
                .hasMessageContaining("os.arch=aarch64");
        assertThatThrownBy(() -> Libc.requireSupportedPlatform("Linux", "aarch64"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatCode(() -> Libc.requireSupportedPlatform("Linux", "amd64")).doesNotThrowAnyException();
    }

    @Test
    void errno_perThread_notOverwrittenByAnotherThreadsCall() throws Exception {
        assertThat(Libc.close(-1)).isEqualTo(-1);
        int[] otherErrno = new int[1];
        Thread other = Thread.ofPlatform().start(() -> {
            Libc.socket(9999, 1, 0);
            otherErrno[0] = Libc.errno();
        });
        other.join();
        assertThat(otherErrno[0]).isEqualTo(Errno.EAFNOSUPPORT);
        assertThat(Libc.errno()).isEqualTo(Errno.EBADF);
    }

    @Test
    void nativeException_namesCallSubjectAndErrno() {
        NativeException e = new NativeException("sendmsg", "fd 12", Errno.EPIPE);
        assertThat(e).hasMessage("sendmsg(fd 12) failed: EPIPE (the peer closed its end (broken pipe)), errno 32");
        assertThat(new NativeException("x", "y", 4000).getMessage()).contains("errno 4000 (unknown error)");
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    @Test
    void layouts_matchLinuxX8664() {
        assertThat(MsghdrLayout.LAYOUT.byteSize()).isEqualTo(MsghdrLayout.SIZE);
        assertThat(offset(MsghdrLayout.LAYOUT, "msg_iov")).isEqualTo(MsghdrLayout.IOV);
        assertThat(offset(MsghdrLayout.LAYOUT, "msg_iovlen")).isEqualTo(MsghdrLayout.IOVLEN);
        assertThat(offset(MsghdrLayout.LAYOUT, "msg_control")).isEqualTo(MsghdrLayout.CONTROL);
        assertThat(offset(MsghdrLayout.LAYOUT, "msg_controllen")).isEqualTo(MsghdrLayout.CONTROLLEN);
        assertThat(offset(MsghdrLayout.LAYOUT, "msg_flags")).isEqualTo(MsghdrLayout.FLAGS);
        assertThat(IovecLayout.LAYOUT.byteSize()).isEqualTo(IovecLayout.SIZE);
        assertThat(offset(CmsgLayout.LAYOUT, "cmsg_type")).isEqualTo(CmsgLayout.TYPE);
        assertThat(CmsgLayout.LAYOUT.byteSize()).isEqualTo(CmsgLayout.HEADER_SIZE);
        assertThat(CmsgLayout.space(253 * 4)).isEqualTo(1032);
        assertThat(CmsgLayout.len(3 * 4)).isEqualTo(28);
        assertThat(SockaddrUnLayout.LAYOUT.byteSize()).isEqualTo(SockaddrUnLayout.SIZE);
        assertThat(UcredLayout.LAYOUT.byteSize()).isEqualTo(UcredLayout.SIZE);
        assertThat(offset(UcredLayout.LAYOUT, "uid")).isEqualTo(UcredLayout.UID);
        assertThat(EpollEventLayout.LAYOUT.byteSize()).as("packed on x86-64").isEqualTo(12);
        assertThat(offset(EpollEventLayout.LAYOUT, "data")).isEqualTo(4);
        assertThat(PollfdLayout.LAYOUT.byteSize()).isEqualTo(PollfdLayout.SIZE);
        assertThat(offset(PollfdLayout.LAYOUT, "revents")).isEqualTo(PollfdLayout.REVENTS);
    }

    @Test
    void processIdentity_matchesJava() {
        assertThat((long) Os.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Os.uid()).isGreaterThanOrEqualTo(0);
    }
}
