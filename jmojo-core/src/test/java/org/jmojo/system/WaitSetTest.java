package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WaitSetTest {
    private final Core core = Core.instance();

    @Test
    void add_duplicateCookie_alreadyExists() {
        try (WaitSet ws = core.createWaitSet(); MessagePipe p = core.createMessagePipe()) {
            assertThat(ws.add(p.end0(), Signals.READABLE, 7)).isEqualTo(MojoResult.OK);
            assertThat(ws.add(p.end1(), Signals.READABLE, 7)).isEqualTo(MojoResult.ALREADY_EXISTS);
        }
    }

    @Test
    void remove_unknownCookie_notFound() {
        try (WaitSet ws = core.createWaitSet(); MessagePipe p = core.createMessagePipe()) {
            assertThat(ws.remove(3)).isEqualTo(MojoResult.NOT_FOUND);
            ws.add(p.end0(), Signals.READABLE, 3);
            assertThat(ws.remove(3)).isEqualTo(MojoResult.OK);
            assertThat(ws.remove(3)).isEqualTo(MojoResult.NOT_FOUND);
        }
    }

    @Test
    void wait_nothingReady_deadlineExceeded() {
        try (WaitSet ws = core.createWaitSet(); MessagePipe p = core.createMessagePipe()) {
            ws.add(p.end0(), Signals.READABLE, 1);
            assertThat(ws.wait(Deadline.NONE, 8).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
            assertThat(ws.wait(Deadline.after(Duration.ofMillis(1)), 8).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        }
    }

    @Test
    void wait_entriesReadyUnsatisfiableAndClosed_perEntryResults() {
        try (WaitSet ws = core.createWaitSet(); MessagePipe a = core.createMessagePipe(); MessagePipe b = core.createMessagePipe();
                MessagePipe c = core.createMessagePipe()) {
            ws.add(a.end1(), Signals.READABLE, 1);
            ws.add(b.end1(), Signals.READABLE, 2);
            ws.add(c.end1(), Signals.READABLE, 3);
            ws.add(c.end0(), Signals.READABLE, 4);
            a.end0().writeMessage(new byte[1]);
            b.end0().close();
            c.end1().close();
            WaitSetResult r = ws.wait(Deadline.INFINITE, 8);
            assertThat(r.result()).isEqualTo(MojoResult.OK);
            assertThat(r.entries()).extracting(WaitSetResult.Entry::cookie, WaitSetResult.Entry::result)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(1L, MojoResult.OK),
                            org.assertj.core.groups.Tuple.tuple(2L, MojoResult.FAILED_PRECONDITION),
                            org.assertj.core.groups.Tuple.tuple(3L, MojoResult.CANCELLED),
                            org.assertj.core.groups.Tuple.tuple(4L, MojoResult.FAILED_PRECONDITION));
        }
    }

    @Test
    void wait_maxResults_limitsEntries() {
        try (WaitSet ws = core.createWaitSet(); MessagePipe a = core.createMessagePipe()) {
            ws.add(a.end0(), Signals.WRITABLE, 1);
            ws.add(a.end1(), Signals.WRITABLE, 2);
            assertThat(ws.wait(Deadline.NONE, 1).entries()).hasSize(1);
            assertThat(ws.wait(Deadline.NONE, 2).entries()).hasSize(2);
        }
    }

    @Test
    void wait_messageArrivesOnAnotherThread_wakesWithEntry() throws Exception {
        try (WaitSet ws = core.createWaitSet(); MessagePipe a = core.createMessagePipe()) {
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
        WaitSet ws = core.createWaitSet();
        try (MessagePipe a = core.createMessagePipe()) {
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
        try (WaitSet ws = core.createWaitSet(); MessagePipe a = core.createMessagePipe()) {
            ws.add(a.end0(), Signals.WRITABLE, 1);
            ws.remove(1);
            assertThat(ws.wait(Deadline.NONE, 4).result()).isEqualTo(MojoResult.DEADLINE_EXCEEDED);
        }
    }
}
