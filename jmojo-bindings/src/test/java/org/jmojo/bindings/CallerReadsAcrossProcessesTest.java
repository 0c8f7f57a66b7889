package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jmojo.bindings.BindingException.Failure;
import org.jmojo.bindings.internal.router.ConnectionProbe;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default remote ({@link Remote.Reads#AUTO}) on a pipe to another process: its blocked platform caller reads
 * the responses of futures itself, the watcher still reads for a virtual thread and for blocking {@code [Sync]}
 * calls after the caller's reads, and a disconnection still reaches a blocked caller. The
 * implementation runs in a child JVM ({@link #main}, on this JVM's class path).
 */
@Timeout(120)
class CallerReadsAcrossProcessesTest {

    private static final String PIPE = "calc";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Calls per kind: a response beating the caller to its wait is read by the watcher; not every one can. */
    private static final int CALLS = 20;

    @Test
    void theDefaultRemote_toAnotherProcess_readsFuturesOnTheCaller_andTheWatcherStillReadsAfterIt() throws Exception {
        OutgoingInvitation invitation = OutgoingInvitation.create();
        MessagePipeEndpoint end = invitation.attachMessagePipe(PIPE);
        Process child = invitation.launch(CallerReadsAcrossProcessesTest.class.getName(), "serve");
        try {
            assertThat(invitation.awaitAccepted(WAIT)).as("child %d joined", child.pid()).isTrue();
            Remote<TestCalc> remote = Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, end));
            CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
            remote.setDisconnectHandler(lost::complete);
            assertThat(remote.get().add(1, 2).get()).isEqualTo(3); // the child's receiver is bound from now on
            assertThat(ConnectionProbe.readsOnCaller(remote.router())).as("the peer is in another process").isTrue();

            long before = callerTurns(remote);
            for (int i = 0; i < CALLS; i++) {
                assertThat(remote.get().add(i, 1).get()).isEqualTo(i + 1);
            }
            long afterFutures = callerTurns(remote);
            assertThat(afterFutures).as("futures read on the caller").isGreaterThan(before);
            // A virtual thread never reads on the caller: the watcher reads its responses, after the caller's reads.
            for (int i = 0; i < CALLS; i++) {
                int n = i;
                CompletableFuture<Integer> viaWatcher = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> viaWatcher.complete(remote.get().add(n, 2).join()));
                assertThat(viaWatcher.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(n + 2);
            }
            assertThat(callerTurns(remote)).isEqualTo(afterFutures);
            // AUTO leaves blocking [Sync] calls to the watcher (docs/performance.md §5.4).
            for (int i = 0; i < CALLS; i++) {
                assertThat(remote.get().twiceSync(i)).isEqualTo(2 * i);
            }
            assertThat(callerTurns(remote)).as("sync calls read by the watcher").isEqualTo(afterFutures);

            // The child closes its end when told to (a one-way call): a caller blocked on a call sees the loss.
            CompletableFuture<Integer> pending = remote.get().quiet(-1);
            remote.get().note(-1);
            assertThatThrownBy(pending::get).as("read on this blocked thread").isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(BindingException.class)
                    .satisfies(e -> assertThat(((BindingException) e).failure()).isEqualTo(Failure.DISCONNECTED));
            assertThat(lost.get(WAIT.toSeconds(), TimeUnit.SECONDS).kind()).isEqualTo(DisconnectReason.Kind.PEER_CLOSED);
            assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }

    private static long callerTurns(Remote<?> remote) {
        return ConnectionProbe.callerReadTurns(remote.router().connection());
    }

    /** The child: serves {@link TestCalc} on the invitation's pipe; {@code note(-1)} closes it and exits. */
    public static void main(String[] args) throws Exception {
        MessagePipeEndpoint end = IncomingInvitation.acceptFromEnvironment().extractMessagePipe(PIPE);
        CompletableFuture<Void> closeNow = new CompletableFuture<>();
        TestCalc impl = new TestCalc.Base() {
            @Override
            public void note(int n) {
                closeNow.complete(null);
            }

            @Override
            public CompletableFuture<Integer> quiet(int n) {
                return new CompletableFuture<>(); // never answered: the close fails it
            }
        };
        Receiver<TestCalc> receiver = Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, end), impl);
        closeNow.get();
        receiver.close();
        System.exit(0);
    }
}
