package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jmojo.internal.handles.LocalCore;
import org.junit.jupiter.api.Test;

/** {@link Core#of(Handle)}: the node of a handle, for helpers that wait on a handle they were given. */
class CoreOfTest {

    @Test
    void aHandleOfTheDefaultNode_givesTheDefaultCore() {
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            assertThat(Core.of(pipe.end0())).isSameAs(Core.instance());
        }
    }

    @Test
    void aHandleOfAnotherNode_givesThatNodesCore_whichCanWaitOnIt() {
        Core other = LocalCore.newNode();
        try (MessagePipe pipe = other.createMessagePipe()) {
            assertThat(Core.of(pipe.end1())).isSameAs(other).isNotSameAs(Core.instance());
            assertThat(pipe.end0().writeMessage(new byte[] {7}, java.util.List.of())).isEqualTo(MojoResult.OK);
            assertThat(Core.of(pipe.end1()).wait(pipe.end1(), Signals.READABLE, Deadline.NONE).result())
                    .isEqualTo(MojoResult.OK);
            assertThatThrownBy(() -> Core.instance().wait(pipe.end1(), Signals.READABLE, Deadline.NONE))
                    .isInstanceOf(InvalidHandleException.class);
        }
    }

    @Test
    void aClosedHandle_orNull_isRefused() {
        MessagePipe pipe = Core.instance().createMessagePipe();
        pipe.end0().close();
        assertThatThrownBy(() -> Core.of(pipe.end0())).isInstanceOf(InvalidHandleException.class);
        pipe.end1().close();
        assertThatThrownBy(() -> Core.of(null)).isInstanceOf(NullPointerException.class).hasMessage("handle");
    }
}
