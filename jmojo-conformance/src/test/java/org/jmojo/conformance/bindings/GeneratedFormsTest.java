package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jmojo.test.bindings.Calc;
import jmojo.test.bindings.Forms;
import jmojo.test.bindings.Ping;
import jmojo.test.bindings.Shade;
import org.jmojo.bindings.BindingException;
import org.jmojo.bindings.Bytes;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;

/**
 * Each form of method jmojom generates ({@code Forms} in bindings_test.mojom), called through a
 * {@link Remote} and dispatched by a {@link Receiver}: the proxy's encoding, the binding's decoding
 * and dispatch, and the conversions between response structs and Java results, both ways.
 */
class GeneratedFormsTest extends BindingModeTest {

    GeneratedFormsTest(BindingMode mode) {
        super(mode);
    }



    static final class FormsImpl implements Forms {
        final BlockingQueue<Integer> fired = new LinkedBlockingQueue<>();
        final AtomicInteger clears = new AtomicInteger();
        final BlockingQueue<PendingRemote<Calc>> calcs = new LinkedBlockingQueue<>();

        @Override
        public void fire(int n) {
            fired.add(n);
        }

        @Override
        public CompletableFuture<Void> clear() {
            clears.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<DivModResponse> divMod(int a, int b) {
            return CompletableFuture.completedFuture(new DivModResponse(a / b, a % b));
        }

        @Override
        public CompletableFuture<String> label(String name, Bytes data, Shade shade) {
            return CompletableFuture.completedFuture((name == null ? "anonymous" : name) + ":" + data.size() + ":"
                    + shade);
        }

        @Override
        public CompletableFuture<DescribeResponse> describe(Shade shade, IntList values) {
            int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
            return CompletableFuture.completedFuture(new DescribeResponse(shade + " x" + values.size(),
                    IntList.of(sorted), shade == Shade.DARK ? null : "bright"));
        }

        @Override
        public CompletableFuture<Boolean> connect(PendingRemote<Calc> calc, PendingReceiver<Ping> ping) {
            calcs.add(calc);
            if (ping != null) {
                ping.close();
            }
            return CompletableFuture.completedFuture(ping != null);
        }
    }

    private Remote<Forms> bind(FormsImpl impl) {
        return connect(Forms.DESCRIPTOR, impl);
    }

    @Test
    void one_way_empty_and_record_responses_arrive_async_and_sync() throws Exception {
        FormsImpl impl = new FormsImpl();
        Forms forms = bind(impl).get();

        forms.fire(7);
        assertThat(impl.fired.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(await(forms.clear())).isNull();
        forms.clearSync();
        assertThat(impl.clears).hasValue(2);
        assertThat(await(forms.divMod(17, 5))).isEqualTo(new Forms.DivModResponse(3, 2));
        assertThat(forms.divModSync(-7, 2)).isEqualTo(new Forms.DivModResponse(-3, -1));
    }

    @Test
    void nullable_bytes_enum_and_list_values_cross_both_ways() throws Exception {
        Forms forms = bind(new FormsImpl()).get();

        assertThat(forms.labelSync(null, Bytes.copyOf(new byte[] {1, 2, 3}), Shade.DARK)).isEqualTo("anonymous:3:DARK");
        assertThat(await(forms.label("n", Bytes.empty(), Shade.LIGHT))).isEqualTo("n:0:LIGHT");
        Forms.DescribeResponse light = await(forms.describe(Shade.LIGHT, IntList.of(new int[] {3, 1, 2})));
        assertThat(light.text()).isEqualTo("LIGHT x3");
        assertThat(light.sorted()).containsExactly(1, 2, 3);
        assertThat(light.note()).isEqualTo("bright");
        assertThat(await(forms.describe(Shade.DARK, IntList.of(new int[0]))).note()).isNull();
    }

    @Test
    void endpoints_travel_as_typed_pending_remotes_and_receivers() throws Exception {
        FormsImpl impl = new FormsImpl();
        Forms forms = bind(impl).get();
        MessagePipe calcPipe = Core.instance().createMessagePipe();
        MessagePipe pingPipe = Core.instance().createMessagePipe();
        closeLater(calcPipe);
        closeLater(pingPipe);

        assertThat(await(forms.connect(new PendingRemote<>(Calc.DESCRIPTOR, calcPipe.end0()),
                new PendingReceiver<>(Ping.DESCRIPTOR, pingPipe.end1())))).isTrue();
        PendingRemote<Calc> arrived = impl.calcs.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(arrived.descriptor()).isSameAs(Calc.DESCRIPTOR);

        // The endpoint that arrived is live: bind it and call a Calc served on the other end.
        closeLater(Receiver.bind(new PendingReceiver<>(Calc.DESCRIPTOR, calcPipe.end1()),
                new BindingsEndToEndTest.CalcImpl()));
        try (Remote<Calc> calc = Remote.bind(arrived)) {
            assertThat(await(calc.get().add(2, 3))).isEqualTo(5);
        }
        MessagePipe another = Core.instance().createMessagePipe();
        closeLater(another);
        assertThat(await(forms.connect(new PendingRemote<>(Calc.DESCRIPTOR, another.end0()), null))).isFalse();
        impl.calcs.poll(WAIT_S, TimeUnit.SECONDS).close();
    }

    @Test
    void a_call_on_a_closed_remote_closes_the_endpoint_it_carries() throws Exception {
        // The call is dropped, and the endpoint its parameters carry with it: the endpoint's peer sees
        // it closed, instead of its staying open in a pending remote nobody will close.
        Remote<Forms> remote = bind(new FormsImpl());
        remote.close();
        MessagePipe calcPipe = Core.instance().createMessagePipe();
        closeLater(calcPipe);
        CompletableFuture<Boolean> call = remote.get().connect(new PendingRemote<>(Calc.DESCRIPTOR, calcPipe.end0()),
                null);
        assertThat(Core.instance().wait(calcPipe.end1(), Signals.PEER_CLOSED,
                Deadline.after(Duration.ofSeconds(WAIT_S))).result()).isEqualTo(MojoResult.OK);
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(call));
        assertThat(failed.getCause()).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.failure()).isEqualTo(BindingException.Failure.DISCONNECTED));
    }
}
