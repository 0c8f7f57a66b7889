package org.jmojo.internal.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;

/** The busy-in-transit rules, driven directly through the dispatcher of a handle. */
class TransitTest {
    private final Core core = Core.instance();

    private static Dispatcher dispatcherOf(Object handle) {
        return ((HandleHolder<?>) handle).dispatcher();
    }

    @Test
    void writeMessage_handleBusyOnAnotherThread_busy() {
        try (MessagePipe p = core.createMessagePipe(); MessagePipe cargo = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(cargo.end0());
            d.beginTransit(); // what a concurrent write attaching it does first
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(cargo.end0())))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.BUSY))
                    .hasMessageContaining("another thread");
            d.endTransit(false);
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(p.end0().writeMessage(new byte[0], List.of(cargo.end0()))).isEqualTo(MojoResult.OK);
            p.end1().readMessage().message().closeHandles();
        }
    }

    @Test
    void close_duringFailedTransit_closesWhenWriteFails() {
        try (MessagePipe cargo = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(cargo.end0());
            d.beginTransit();
            cargo.end0().close();
            assertThat(cargo.end0().isValid()).isFalse();
            assertThat(LocalCore.of(Core.instance()).table.isLive(d.value)).isTrue();
            assertThat(cargo.end1().querySignalsState().satisfied().containsAny(Signals.PEER_CLOSED)).isFalse();
            try (RequestContext c = RequestContext.enter()) {
                d.endTransit(false);
            }
            assertThat(LocalCore.of(Core.instance()).table.isLive(d.value)).isFalse();
            assertThat(cargo.end1().querySignalsState().satisfied().containsAll(Signals.PEER_CLOSED)).isTrue();
        }
    }

    @Test
    void close_duringSuccessfulTransit_handleTravelsOpen() {
        try (MessagePipe cargo = core.createMessagePipe()) {
            Dispatcher d = dispatcherOf(cargo.end0());
            d.beginTransit();
            cargo.end0().close();
            try (RequestContext c = RequestContext.enter()) {
                d.endTransit(true);
            }
            assertThat(LocalCore.of(Core.instance()).table.isLive(d.value)).isFalse();
            assertThat(LocalCore.of(Core.instance()).table.isRecentlyRetired(d.value)).isTrue();
            assertThat(cargo.end1().querySignalsState().satisfied().containsAny(Signals.PEER_CLOSED)).isFalse();
            LocalCore.of(Core.instance()).node().closePort(((EndpointDispatcher) d).port);
        }
    }

    @Test
    void handleTable_retiredValue_notReallocatedWithinRing() {
        LocalCore node = LocalCore.of(LocalCore.newNode());
        HandleTable table = node.table;
        TrapDispatcher first = new TrapDispatcher(node, e -> {});
        int retiredValue = first.value;
        table.remove(retiredValue, "is closed");
        for (int i = 0; i < HandleTable.RECENT - 1; i++) {
            TrapDispatcher d = new TrapDispatcher(node, e -> {});
            assertThat(d.value).isNotEqualTo(retiredValue).isNotZero();
            table.remove(d.value, "is closed");
        }
        assertThat(table.isRecentlyRetired(retiredValue)).isTrue();
        assertThat(table.liveCount()).isZero();
    }
}
