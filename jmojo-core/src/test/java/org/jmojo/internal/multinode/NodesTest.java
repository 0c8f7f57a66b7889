package org.jmojo.internal.multinode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.HandleWatcher;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several nodes in one JVM: each its own handle table and ports; a handle works only on its own node. */
@Timeout(60)
class NodesTest {
    private final Core a = Nodes.newNode();
    private final Core b = Nodes.newNode();

    /** The message every refusal carries: the handle, its node, the node it was given to, the rule. */
    private static String foreign(int handle, Core owner, Core user) {
        return "handle=0x" + Integer.toHexString(handle) + " belongs to " + Nodes.nodeName(owner) + ", not to "
                + Nodes.nodeName(user);
    }

    @Test
    void newNodes_distinctFromEachOtherAndFromTheDefault() {
        assertThat(a).isNotSameAs(b).isNotSameAs(Core.instance());
        assertThat(Nodes.nodeName(a)).matches("node:[0-9a-f]{32}").isNotEqualTo(Nodes.nodeName(b));
        assertThat(Nodes.nodeName(a)).isNotEqualTo(Nodes.nodeName(Core.instance()));
        assertThat(a.toString()).isEqualTo("Core[" + Nodes.nodeName(a) + "]");
    }

    @Test
    void threeNodes_handlesHeldAtOnce_eachTableAndPortsItsOwn() {
        Core c = Nodes.newNode();
        try (MessagePipe pa = a.createMessagePipe(); MessagePipe pb1 = b.createMessagePipe();
                MessagePipe pb2 = b.createMessagePipe(); Trap tc = c.createTrap(e -> {})) {
            assertThat(Nodes.liveHandleCount(a)).isEqualTo(2);
            assertThat(Nodes.liveHandleCount(b)).isEqualTo(4);
            assertThat(Nodes.liveHandleCount(c)).isEqualTo(1);
            assertThat(Nodes.portCount(a)).isEqualTo(2);
            assertThat(Nodes.portCount(b)).isEqualTo(4);
            assertThat(Nodes.portCount(c)).isZero();
            // Each node's pipes work on their own, a handle carried within one node included.
            assertThat(pb1.end0().writeMessage(new byte[] {1}, List.of(pb2.end1()))).isEqualTo(MojoResult.OK);
            Message m = pb1.end1().readMessage().message();
            assertThat(m.bytes()).containsExactly(1);
            try (var carried = m.handles().getFirst()) {
                assertThat(b.wait(carried, Signals.WRITABLE, Deadline.NONE).result()).isEqualTo(MojoResult.OK);
            }
            assertThat(pa.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
            assertThat(pa.end1().readMessage().message().bytes()).containsExactly(2);
        }
        assertThat(Nodes.liveHandleCount(a)).isZero();
        assertThat(Nodes.liveHandleCount(b)).isZero();
        assertThat(Nodes.liveHandleCount(c)).isZero();
        assertThat(Nodes.portCount(a)).isZero();
        assertThat(Nodes.portCount(b)).isZero();
    }

    @Test
    void wait_handleOfAnotherNode_invalidHandleNamingHandleNodesAndRule() {
        try (MessagePipe p = a.createMessagePipe()) {
            assertThatThrownBy(() -> b.wait(p.end0(), Signals.WRITABLE, Deadline.NONE))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining(foreign(p.end0().value(), a, b))
                    .hasMessageContaining("waited on through that node's Core")
                    .hasMessageContaining("a handle is used only through the node (Core) that made it")
                    .satisfies(e -> assertThat(((InvalidHandleException) e).index()).isEqualTo(-1));
            // Nothing changed for its own node.
            assertThat(a.wait(p.end0(), Signals.WRITABLE, Deadline.NONE).result()).isEqualTo(MojoResult.OK);
        }
    }

    @Test
    void waitMany_handleOfAnotherNode_invalidHandleAtItsIndex() {
        try (MessagePipe own = b.createMessagePipe(); MessagePipe other = a.createMessagePipe()) {
            assertThatThrownBy(() -> b.waitMany(
                            List.of(own.end0(), other.end1()), List.of(Signals.READABLE, Signals.READABLE), Deadline.NONE))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining("handles[1]: " + foreign(other.end1().value(), a, b))
                    .satisfies(e -> assertThat(((InvalidHandleException) e).index()).isEqualTo(1));
        }
    }

    @Test
    void write_attachingHandleOfAnotherNode_refusedNothingSentAttachedHandleStillValid() {
        try (MessagePipe onA = a.createMessagePipe(); MessagePipe onB = b.createMessagePipe()) {
            assertThatThrownBy(() -> onA.end0().writeMessage(new byte[] {1}, List.of(onB.end0())))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining("handles[0]: " + foreign(onB.end0().value(), b, a))
                    .hasMessageContaining("attached to a message written on that node")
                    .hasMessageContaining("reaches another node only inside a message");
            assertThat(onA.end1().readMessage().result()).isEqualTo(MojoResult.SHOULD_WAIT);
            assertThat(onB.end0().writeMessage(new byte[] {2})).isEqualTo(MojoResult.OK);
            assertThat(onB.end1().readMessage().message().bytes()).containsExactly(2);
        }
    }

    @Test
    void trapAndWaitSet_watchingHandleOfAnotherNode_refused() {
        try (MessagePipe onA = a.createMessagePipe(); Trap trapOnB = b.createTrap(e -> {});
                WaitSet setOnB = b.createWaitSet()) {
            assertThatThrownBy(() -> trapOnB.addTrigger(onA.end0(), Signals.READABLE, TriggerCondition.SIGNALS_SATISFIED, 1))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining(foreign(onA.end0().value(), a, b))
                    .hasMessageContaining("watched by a trap or wait set of that node");
            assertThatThrownBy(() -> setOnB.add(onA.end0(), Signals.READABLE, 1))
                    .isInstanceOf(InvalidHandleException.class)
                    .hasMessageContaining(foreign(onA.end0().value(), a, b));
            // Refused adds leave nothing behind: no trigger to arm.
            assertThat(trapOnB.arm().result()).isEqualTo(MojoResult.NOT_FOUND);
        }
    }

    /** readAsync and HandleWatcher make their trap on the handle's node, not on the default node. */
    @Test
    void readAsyncAndHandleWatcher_onHandleOfANonDefaultNode_work() throws Exception {
        try (MessagePipe p = b.createMessagePipe()) {
            CompletableFuture<Message> read = p.end1().readAsync(Runnable::run);
            assertThat(p.end0().writeMessage(new byte[] {7})).isEqualTo(MojoResult.OK);
            assertThat(read.get(30, TimeUnit.SECONDS).bytes()).containsExactly(7);

            CompletableFuture<MojoResult> ready = new CompletableFuture<>();
            try (HandleWatcher watcher = new HandleWatcher(Runnable::run)) {
                // The callback reads, clearing the condition (else the watcher calls it again at once).
                watcher.start(p.end1(), Signals.READABLE, (MojoResult r, SignalsState s) -> {
                    p.end1().readMessage();
                    ready.complete(r);
                });
                assertThat(p.end0().writeMessage(new byte[] {8})).isEqualTo(MojoResult.OK);
                assertThat(ready.get(30, TimeUnit.SECONDS)).isEqualTo(MojoResult.OK);
            }
            assertThat(Nodes.liveHandleCount(b)).isEqualTo(2); // the helpers' traps are closed again
        }
    }
}
