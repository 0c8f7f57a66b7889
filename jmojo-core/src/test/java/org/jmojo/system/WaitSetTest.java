package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
/** Runs with both ends of its pipes on one node; {@link WaitSetCrossNodeTest} runs it with them on two. */
class WaitSetTest extends PlacedPipes {
    @Test
    void add_duplicateCookie_alreadyExists() {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe p = nodes.createMessagePipe();
                MessagePipe q = nodes.createMessagePipe()) {
            assertThat(ws.add(q.end1(), Signals.READABLE, 7)).isEqualTo(MojoResult.OK);
            assertThat(ws.add(p.end1(), Signals.READABLE, 7)).isEqualTo(MojoResult.ALREADY_EXISTS);
        }
    }

    @Test
    void remove_unknownCookie_notFound() {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe p = nodes.createMessagePipe()) {
            assertThat(ws.remove(3)).isEqualTo(MojoResult.NOT_FOUND);
            ws.add(p.end1(), Signals.READABLE, 3);
            assertThat(ws.remove(3)).isEqualTo(MojoResult.OK);
            assertThat(ws.remove(3)).isEqualTo(MojoResult.NOT_FOUND);
        }
    }

    @Test
    void wait_nothingReady_deadlineExceeded() {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe p = nodes.createMessagePipe()) {
            ws.add(p.end1(), Signals.READABLE, 1);
            assertThat(ws.wait(Deadline.NONE, 8).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
            assertThat(ws.wait(Deadline.after(Duration.ofMillis(1)), 8).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        }
    }

    @Test
    void wait_entriesReadyUnsatisfiableAndClosed_perEntryResults() {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe a = nodes.createMessagePipe(); MessagePipe b = nodes.createMessagePipe();
                MessagePipe c = nodes.createMessagePipe(); MessagePipe d = nodes.core1().createMessagePipe()) {
            ws.add(a.end1(), Signals.READABLE, 1);
            ws.add(b.end1(), Signals.READABLE, 2);
            ws.add(c.end1(), Signals.READABLE, 3);
            // An end whose peer closes, the peer watched too: closing it both cancels its entry and fails
            // this one (d's ends share a node, so one wait set can watch both wherever the pipes are).
            ws.add(d.end0(), Signals.READABLE, 4);
            ws.add(d.end1(), Signals.READABLE, 5);
            a.end0().writeMessage(new byte[1]);
            b.end0().close();
            c.end1().close();
            d.end1().close();
            WaitSetResult r = ws.wait(Deadline.INFINITE, 8);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.entries()).extracting(WaitSetResult.Entry::cookie, WaitSetResult.Entry::result)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(1L, MojoResult.OK),
                            org.assertj.core.groups.Tuple.tuple(2L, MojoResult.FAILED_PRECONDITION),
                            org.assertj.core.groups.Tuple.tuple(3L, MojoResult.CANCELLED),
                            org.assertj.core.groups.Tuple.tuple(4L, MojoResult.FAILED_PRECONDITION),
                            org.assertj.core.groups.Tuple.tuple(5L, MojoResult.CANCELLED));
        }
    }

    @Test
    void wait_maxResults_limitsEntries() {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe a = nodes.createMessagePipe();
                MessagePipe b = nodes.createMessagePipe()) {
            ws.add(b.end1(), Signals.WRITABLE, 1);
            ws.add(a.end1(), Signals.WRITABLE, 2);
            assertThat(ws.wait(Deadline.NONE, 1).entries()).hasSize(1);
            assertThat(ws.wait(Deadline.NONE, 2).entries()).hasSize(2);
        }
    }

    @Test
    void wait_messageArrivesOnAnotherThread_wakesWithEntry() throws Exception {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe a = nodes.createMessagePipe()) {
            ws.add(a.end1(), Signals.READABLE, 11);
            CompletableFuture<WaitSetResult> waiting = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> waiting.complete(ws.wait(Deadline.INFINITE, 4)));
            WaitTest.awaitParked(t);
            a.end0().writeMessage(new byte[1]);
            WaitSetResult r = waiting.get(10, TimeUnit.SECONDS);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.entries()).singleElement().satisfies(e -> {
                assertThat(e.cookie()).isEqualTo(11);
                assertThat(e.signalsState().satisfied().containsAll(Signals.READABLE)).isTrue();
            });
        }
    }

    @Test
    void wait_waitSetClosedDuringWait_cancelled() throws Exception {
        WaitSet ws = nodes.core1().createWaitSet();
        try (MessagePipe a = nodes.createMessagePipe()) {
            ws.add(a.end1(), Signals.READABLE, 1);
            WaitSet passed = ws.pass();
            CompletableFuture<WaitSetResult> waiting = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> waiting.complete(passed.wait(Deadline.INFINITE, 4)));
            WaitTest.awaitParked(t);
            passed.close();
            assertThat(waiting.get(10, TimeUnit.SECONDS).result()).isEqualTo(MojoResult.CANCELLED);
        }
    }

    @Test
    void remove_thenWait_entryNoLongerReported() {
        try (WaitSet ws = nodes.core1().createWaitSet(); MessagePipe a = nodes.createMessagePipe()) {
            ws.add(a.end1(), Signals.WRITABLE, 1);
            ws.remove(1);
            assertThat(ws.wait(Deadline.NONE, 4).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        }
    }
}
