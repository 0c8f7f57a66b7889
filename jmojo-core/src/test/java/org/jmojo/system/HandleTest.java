package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs with both ends of its pipes on one node; {@link HandleCrossNodeTest} runs it with them on two (a pipe
 * that only carries a handle is made on the node of the handle it carries).
 */
class HandleTest extends PlacedPipes {
    @Test
    void values_neverZeroNotSequentialDistinct() {
        List<MessagePipe> pipes = new ArrayList<>();
        try {
            Set<Integer> values = new HashSet<>();
            int sequentialSteps = 0;
            int previous = 0;
            for (int i = 0; i < 200; i++) {
                MessagePipe p = nodes.createMessagePipe();
                pipes.add(p);
                for (int v : new int[] {p.end0().value(), p.end1().value()}) {
                    assertThat(v).isNotZero();
                    assertThat(values.add(v)).as("value 0x%x allocated twice", v).isTrue();
                    if (v == previous + 1) {
                        sequentialSteps++;
                    }
                    previous = v;
                }
            }
            assertThat(sequentialSteps).isLessThan(5);
        } finally {
            pipes.forEach(MessagePipe::close);
        }
    }

    @Test
    void values_closedValueNotReusedSoon() {
        Set<Integer> closed = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            MessagePipe p = nodes.createMessagePipe();
            assertThat(closed).doesNotContain(p.end0().value(), p.end1().value());
            closed.add(p.end0().value());
            closed.add(p.end1().value());
            p.close();
        }
    }

    @Test
    void close_isIdempotentAndNeverFails() {
        MessagePipe p = nodes.createMessagePipe();
        p.end0().close();
        p.end0().close();
        assertThat(p.end0().isValid()).isFalse();
        p.end1().close();
    }

    @Test
    void closedHandle_use_invalidArgumentNamingHandle() {
        MessagePipe p = nodes.createMessagePipe();
        p.end0().close();
        String name = "handle=0x" + Integer.toHexString(p.end0().value());
        assertThatThrownBy(() -> p.end0().writeMessage(new byte[1]))
                .isInstanceOfSatisfying(InvalidHandleException.class, e -> {
                    assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
                    assertThat(e.handle()).isEqualTo(p.end0().value());
                })
                .hasMessageContaining(name)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> p.end0().readMessage()).isInstanceOf(InvalidHandleException.class);
        assertThatThrownBy(() -> p.end0().querySignalsState()).isInstanceOf(InvalidHandleException.class);
        assertThatThrownBy(() -> nodes.core0().wait(p.end0(), Signals.READABLE, Deadline.NONE))
                .isInstanceOf(InvalidHandleException.class);
        p.end1().close();
    }

    @Test
    void pass_movesHandleAndInvalidatesOld() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            MessagePipeEndpoint old = p.end0();
            try (MessagePipeEndpoint moved = old.pass()) {
                assertThat(moved.value()).isEqualTo(old.value());
                assertThat(moved.isValid()).isTrue();
                assertThat(old.isValid()).isFalse();
                assertThatThrownBy(() -> old.writeMessage(new byte[1]))
                        .isInstanceOf(InvalidHandleException.class)
                        .hasMessageContaining("pass()");
                assertThatThrownBy(old::pass).isInstanceOf(InvalidHandleException.class);
                old.close(); // a no-op: the handle lives on in moved
                assertThat(moved.writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
                assertThat(p.end1().readMessage().message().bytes()).containsExactly(7);
            }
        }
    }

    @Test
    void rights_endpointDefaults() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            assertThat(p.end0().rights())
                    .containsExactlyInAnyOrder(Right.TRANSFER, Right.READ, Right.WRITE, Right.GET_OPTIONS, Right.SET_OPTIONS);
            assertThat(p.end0().type()).isEqualTo(HandleType.MESSAGE_PIPE_ENDPOINT);
        }
    }

    @Test
    void writeMessage_withoutWriteRight_permissionDenied() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end0().reduceRights(EnumSet.of(Right.WRITE));
            assertThat(p.end0().rights()).doesNotContain(Right.WRITE);
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[1]))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED))
                    .hasMessageContaining("handle=0x" + Integer.toHexString(p.end0().value()))
                    .hasMessageContaining("WRITE");
        }
    }

    @Test
    void readMessage_withoutReadRight_permissionDenied() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().reduceRights(EnumSet.of(Right.READ));
            assertThatThrownBy(() -> p.end1().readMessage())
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED));
        }
    }

    @Test
    void quotaOptions_withoutOptionRights_permissionDenied() {
        try (MessagePipe p = nodes.createMessagePipe()) {
            p.end1().reduceRights(EnumSet.of(Right.GET_OPTIONS, Right.SET_OPTIONS));
            assertThatThrownBy(() -> p.end1().receiveQuota())
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED));
            assertThatThrownBy(() -> p.end1().setReceiveQuota(ReceiveQuota.UNLIMITED))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED));
        }
    }

    @Test
    void writeMessage_attachedHandleWithoutTransferRight_permissionDeniedAndHandleValid() {
        try (MessagePipe carrier = nodes.core0().createMessagePipe(); MessagePipe cargo = nodes.createMessagePipe()) {
            cargo.end0().reduceRights(EnumSet.of(Right.TRANSFER));
            assertThatThrownBy(() -> carrier.end0().writeMessage(new byte[0], List.of(cargo.end0())))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.PERMISSION_DENIED))
                    .hasMessageContaining("TRANSFER");
            assertThat(cargo.end0().isValid()).isTrue();
            assertThat(carrier.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
        }
    }

    @Test
    void rights_travelWithTransferredEndpoint() {
        try (MessagePipe carrier = nodes.core0().createMessagePipe(); MessagePipe cargo = nodes.createMessagePipe()) {
            cargo.end0().reduceRights(EnumSet.of(Right.WRITE));
            carrier.end0().writeMessage(new byte[0], List.of(cargo.end0()));
            Message m = carrier.end1().readMessage().message();
            try (MessagePipeEndpoint received = m.handle(0, MessagePipeEndpoint.class)) {
                assertThat(received.rights()).doesNotContain(Right.WRITE).contains(Right.READ, Right.TRANSFER);
            }
        }
    }

    @Test
    void handleNotMadeByJmojo_invalidArgument() {
        Handle fake = new Handle() {
            @Override public int value() { return 0x77; }
            @Override public boolean isValid() { return true; }
            @Override public HandleType type() { return HandleType.MESSAGE_PIPE_ENDPOINT; }
            @Override public Set<Right> rights() { return Set.of(); }
            @Override public void reduceRights(Set<Right> rights) {}
            @Override public SignalsState querySignalsState() { return SignalsState.NONE; }
            @Override public Handle pass() { return this; }
            @Override public void close() {}
        };
        try (MessagePipe p = nodes.createMessagePipe()) {
            assertThatThrownBy(() -> p.end0().writeMessage(new byte[0], List.of(fake)))
                    .isInstanceOfSatisfying(MojoException.class, e -> assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT))
                    .hasMessageContaining("handle=0x77");
            assertThatThrownBy(() -> nodes.core0().wait(fake, Signals.READABLE, Deadline.NONE)).isInstanceOf(MojoException.class);
        }
    }
}
