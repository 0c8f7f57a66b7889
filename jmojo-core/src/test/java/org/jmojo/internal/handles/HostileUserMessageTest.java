package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jmojo.internal.node.UserMessageFrames;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.jmojo.internal.ports.ProtocolViolationException;
import org.jmojo.internal.ports.wire.ClosureReason;
import org.jmojo.internal.ports.wire.EventCodec;
import org.jmojo.internal.ports.wire.HandleEntry;
import org.jmojo.internal.ports.wire.HandleKind;
import org.jmojo.internal.ports.wire.PortDescriptor;
import org.jmojo.internal.ports.wire.Rejection;
import org.jmojo.internal.ports.wire.SequenceNumbers;
import org.jmojo.internal.ports.wire.UserMessageEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user message from another node whose handles this release does not take (a shared buffer, an endpoint or a
 * platform handle with the wrong counts, a handle header naming unknown rights) or that comes with more descriptors
 * than a frame carries: {@link LocalCore#acceptEvent} refuses it as a violation naming the sender and the handle,
 * and closes every descriptor that came with it.
 */
class HostileUserMessageTest {
    private static final NodeName HOSTILE = new NodeName(0x4057, 0x11E);

    private final LocalCore node = LocalCore.of(LocalCore.newNode());
    private final List<Fd> opened = new ArrayList<>();

    @AfterEach
    void closeWhatIsLeft() {
        opened.forEach(Fd::close);
    }

    /** {@code n} open descriptors (sockets), each closed after the test if the event did not close it. */
    private List<Fd> fds(int n) throws Exception {
        List<Fd> fds = new ArrayList<>();
        while (fds.size() < n) {
            UnixSocket.Pair pair = UnixSocket.pair(false);
            fds.add(pair.first());
            opened.add(pair.first());
            if (fds.size() < n) {
                fds.add(pair.second());
            }
            opened.add(pair.second());
        }
        return fds;
    }

    private static byte[] header(int rights) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(rights).putInt(0).array();
    }

    private static PortDescriptor descriptor() {
        return new PortDescriptor(new PortName(5, 6), HOSTILE, new PortName(7, 8), HOSTILE, new PortName(9, 10),
                1, 1, SequenceNumbers.NONE, SequenceNumbers.NONE, false, false, ClosureReason.USER_CLOSED);
    }

    private static byte[] message(List<PortDescriptor> ports, List<HandleEntry> handles, byte[] extra) {
        return EventCodec.encode(new UserMessageEvent(new PortName(1, 2), new PortName(3, 4), 1, 1, ports, handles,
                MemorySegment.ofArray(extra), MemorySegment.ofArray(new byte[] {42})));
    }

    private void assertRefused(byte[] event, List<Fd> fds, Rejection.Category category, String... inMessage) {
        assertThatThrownBy(() -> node.acceptEvent(HOSTILE, event, fds))
                .isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
                    assertThat(e.offender()).isEqualTo(HOSTILE);
                    assertThat(e.category()).isEqualTo(category);
                })
                .hasMessageContainingAll(inMessage);
        assertThat(fds).noneMatch(Fd::isOpen);
        assertThat(node.portCount()).isZero();
    }

    @Test
    void sharedBuffer_refused_onlyEndpointsAndPlatformHandlesCross() {
        byte[] event = message(List.of(), List.of(new HandleEntry(HandleKind.SHARED_BUFFER, 0, 0, 8)), header(4));
        assertRefused(event, List.of(), Rejection.Category.MALFORMED, HOSTILE.toString(), "handle 0 is",
                "only message pipe endpoints (one port, no fds) and platform handles (one fd, no port) cross nodes");
    }

    @Test
    void endpointCarryingAnFd_refused_itsFdClosed() throws Exception {
        byte[] event = message(List.of(descriptor()), List.of(new HandleEntry(HandleKind.MESSAGE_PIPE, 1, 1, 8)), header(4));
        assertRefused(event, fds(1), Rejection.Category.MALFORMED, "handle 0 is", "only message pipe endpoints");
    }

    @Test
    void platformHandleCarryingAPort_refused_theSecondHandleNamed_fdsClosed() throws Exception {
        byte[] event = message(List.of(descriptor()), List.of(
                new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 8), new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 1, 8)),
                concat(header(4), header(4)));
        assertRefused(event, fds(2), Rejection.Category.MALFORMED, "handle 1 is");
    }

    @Test
    void platformHandleWithoutItsFd_refused() throws Exception {
        byte[] event = message(List.of(), List.of(new HandleEntry(HandleKind.PLATFORM_HANDLE, 0, 0, 8)), header(4));
        assertRefused(event, List.of(), Rejection.Category.MALFORMED, "handle 0 is");
    }

    @Test
    void handleHeaderNamingAnUnknownRight_refused_theSecondHandleNamed_fdsClosed() throws Exception {
        byte[] event = message(List.of(), List.of(
                new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 8), new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 8)),
                concat(header(4), header(0x400)));
        assertRefused(event, fds(2), Rejection.Category.MALFORMED, "handle 1: PLATFORM_HANDLE handle header rights 0x400");
    }

    @Test
    void moreDescriptorsThanAFrameCarries_limit_allClosed() throws Exception {
        byte[] event = message(List.of(), List.of(), new byte[0]);
        List<Fd> many = fds(UserMessageFrames.MAX_FDS + 1);
        assertRefused(event, many, Rejection.Category.LIMIT,
                "an event came with " + (UserMessageFrames.MAX_FDS + 1) + " fds; a frame carries at most " + UserMessageFrames.MAX_FDS);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
