package org.jmojo.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmojo.system.MessagePipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The direct path end to end: a remote with direct callbacks and a receiver on a direct sequence in
 * one process do the whole round trip, and learn of a close, on the calling thread inside the call
 * (docs/concurrency.md "Bindings"; {@code DirectDeliveryTest} tests the mechanism itself).
 */
class DirectPathTest {

    private final Pipes pipes = new Pipes();

    @AfterEach
    void closeAll() throws Exception {
        pipes.close();
    }

    /** A receiver on a direct sequence recording the threads its requests run on, and a direct remote to it. */
    private record Direct(Remote<TestCalc> remote, Receiver<TestCalc> receiver, List<Thread> ranOn) {}

    private Direct direct() {
        MessagePipe p = pipes.pipe();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Receiver<TestCalc> receiver = pipes.add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()),
                new TestCalc.Base() {
                    @Override
                    public CompletableFuture<Integer> add(int a, int b) {
                        ranOn.add(Thread.currentThread());
                        return CompletableFuture.completedFuture(a + b);
                    }
                }, DispatchSequence.direct()));
        Remote<TestCalc> remote = pipes.add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()),
                Remote.Options.defaults().withDirectCallbacks()));
        return new Direct(remote, receiver, ranOn);
    }

    @Test
    void aCall_isServedAndAnswered_onTheCallersThread_beforeTheCallReturns() {
        Direct d = direct();
        CompletableFuture<Integer> sum = d.remote().get().add(2, 3);
        assertThat(sum).isCompletedWithValue(5);
        assertThat(d.ranOn()).containsExactly(Thread.currentThread());
        assertThat(d.remote().get().add(4, 4)).as("and again").isCompletedWithValue(8);
        assertThat(d.remote().inFlight()).isZero();
    }

    @Test
    void closingTheRemote_runsTheReceiversDisconnectHandler_beforeCloseReturns() {
        Direct d = direct();
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        List<Thread> handlerRanOn = new CopyOnWriteArrayList<>();
        d.receiver().setDisconnectHandler(reason -> {
            handlerRanOn.add(Thread.currentThread());
            lost.complete(reason);
        });
        d.remote().closeWithReason(6, "done");
        assertThat(lost).isCompletedWithValue(new DisconnectReason(DisconnectReason.Kind.PEER_REASON, 6, "done"));
        assertThat(handlerRanOn).containsExactly(Thread.currentThread());
        assertThat(d.receiver().isConnected()).isFalse();
    }
}
