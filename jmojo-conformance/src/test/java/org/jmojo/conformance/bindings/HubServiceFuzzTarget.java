package org.jmojo.conformance.bindings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import jmojo.test.assoc.Counter;
import jmojo.test.assoc.Hub;
import jmojo.test.bindings.Calc;
import org.jmojo.bindings.AssociatedPair;
import org.jmojo.bindings.BindingException;
import org.jmojo.bindings.CallContext;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DisconnectReason.Kind;
import org.jmojo.bindings.PendingAssociatedReceiver;
import org.jmojo.bindings.PendingAssociatedRemote;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * Structure-aware fuzzing of real services through the bindings, as Chromium's MojoLPM does: the
 * input is read as a program of calls on a {@link Hub} service (with {@link Counter}s
 * associated on its pipe, in both directions, and plain pending receivers and message pipe handles
 * as arguments) and a {@link Calc} service (sync calls, deadlines, version control messages),
 * with random arguments, plus raw bytes and handles written by a hostile client to a third
 * receiver. Every call goes through a real {@link Remote} to a real {@link Receiver} and
 * implementation.
 *
 * <p>The property: nothing but typed errors. A call either succeeds (with the right answer where
 * the answer is known) or fails with a {@link BindingException}; every future completes once its
 * remote is closed; a well-behaved pipe is never closed for a validation or protocol error (the
 * bindings wrote something they reject), nor with a handling failure; the hostile pipe is closed, if
 * at all, only for a validation or protocol error. Anything else is thrown as an
 * {@link AssertionError}: a finding.
 */
public final class HubServiceFuzzTarget {

    /** How long a run waits for a future that must complete; a hang is a finding. */
    private static final long WAIT_S = 20;
    /** Steps read from one input at most. */
    private static final int MAX_STEPS = 48;

    private HubServiceFuzzTarget() {}

    /** Runs one input; throws {@link AssertionError} on a finding. */
    public static void run(byte[] input) {
        try (World w = new World()) {
            Cursor in = new Cursor(input);
            for (int step = 0; step < MAX_STEPS && in.more(); step++) {
                w.step(in);
            }
            w.settle();
        }
    }

    /** Reads the input as small numbers and byte strings; past the end it reads zeros. */
    private static final class Cursor {
        private final byte[] bytes;
        private int at;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return at < bytes.length;
        }

        int u8() {
            return at < bytes.length ? bytes[at++] & 0xFF : 0;
        }

        int i32() {
            return u8() | u8() << 8 | u8() << 16 | u8() << 24;
        }

        byte[] bytes(int max) {
            int n = Math.min(u8() % (max + 1), bytes.length - at);
            byte[] out = new byte[Math.max(n, 0)];
            System.arraycopy(bytes, at, out, 0, out.length);
            at += out.length;
            return out;
        }

        String string() {
            return new String(bytes(24), StandardCharsets.UTF_8);
        }
    }

    /** A counter implementation: negative additions are rejected as bad messages. */
    private static final class CounterImpl implements Counter {
        final AtomicInteger total = new AtomicInteger();

        @Override
        public void add(int n) {
            if (n < 0) {
                CallContext.current().reportBadMessage("FUZZ_NEGATIVE_COUNT");
                return;
            }
            total.addAndGet(n);
        }

        @Override
        public CompletableFuture<Integer> total() {
            return CompletableFuture.completedFuture(total.get());
        }
    }

    /** The hub implementation: binds what it is given, on its own pipe. */
    private static final class HubImpl implements Hub {
        final World world;
        volatile Receiver<Hub> self;
        final AtomicInteger logged = new AtomicInteger();

        HubImpl(World world) {
            this.world = world;
        }

        @Override
        public void bindCounter(PendingAssociatedReceiver<Counter> counter) {
            world.own(Receiver.bind(counter, new CounterImpl()));
        }

        @Override
        public CompletableFuture<PendingAssociatedRemote<Counter>> makeCounter() {
            AssociatedPair<Counter> pair = self.newAssociatedPair(Counter.DESCRIPTOR);
            world.own(Receiver.bind(pair.receiver(), new CounterImpl()));
            return CompletableFuture.completedFuture(pair.remote());
        }

        @Override
        public CompletableFuture<Void> attach(PendingAssociatedRemote<Counter> counter) {
            Remote<Counter> remote = world.own(Remote.bind(counter));
            remote.get().add(1);
            return remote.get().total().handle((t, e) -> null);
        }

        @Override
        public void log(String text) {
            logged.incrementAndGet();
        }

        @Override
        public CompletableFuture<Boolean> adopt(PendingReceiver<Counter> counter, MessagePipeEndpoint spare) {
            if (spare != null) {
                spare.close();
            }
            if (counter == null) {
                return CompletableFuture.completedFuture(false);
            }
            world.own(Receiver.bind(counter, new CounterImpl()));
            return CompletableFuture.completedFuture(true);
        }
    }

    /** One run's services, clients and what the run checks at the end. */
    private static final class World implements AutoCloseable {
        final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<?>> futures = new ArrayList<>();
        final List<Remote<Counter>> counters = new ArrayList<>();
        final List<CompletableFuture<PendingAssociatedRemote<Counter>>> made = new ArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final Remote<Hub> hub;
        final Remote<Calc> calc;
        final MessagePipe hostile;

        World() {
            HubImpl hubImpl = new HubImpl(this);
            MessagePipe hubPipe = Core.instance().createMessagePipe();
            Receiver<Hub> hubReceiver = own(Receiver.bind(new PendingReceiver<>(Hub.DESCRIPTOR, hubPipe.end1()),
                    hubImpl));
            hubImpl.self = hubReceiver;
            watchWellBehaved("hub receiver", hubReceiver::setDisconnectHandler);
            hub = own(Remote.bind(new PendingRemote<>(Hub.DESCRIPTOR, hubPipe.end0(), 0)));
            watchWellBehaved("hub remote", hub::setDisconnectHandler);

            MessagePipe calcPipe = Core.instance().createMessagePipe();
            Receiver<Calc> calcReceiver = own(Receiver.bind(new PendingReceiver<>(Calc.DESCRIPTOR,
                    calcPipe.end1()), new BindingsEndToEndTest.CalcImpl()));
            watchWellBehaved("calc receiver", calcReceiver::setDisconnectHandler);
            calc = own(Remote.bind(new PendingRemote<>(Calc.DESCRIPTOR, calcPipe.end0(), 0),
                    Remote.Options.defaults().withSyncTimeout(Duration.ofSeconds(WAIT_S))));
            watchWellBehaved("calc remote", calc::setDisconnectHandler);

            hostile = Core.instance().createMessagePipe();
            owned.add(hostile::close);
            Receiver<Hub> victim = own(Receiver.bind(new PendingReceiver<>(Hub.DESCRIPTOR, hostile.end1()),
                    new HubImpl(this)));
            victim.setDisconnectHandler(reason -> {
                if (reason.kind() != Kind.VALIDATION_FAILED && reason.kind() != Kind.PROTOCOL_ERROR) {
                    violations.add("the hostile pipe closed for " + reason);
                }
            });
        }

        <T extends AutoCloseable> T own(T c) {
            owned.add(c);
            return c;
        }

        private void watchWellBehaved(String who, java.util.function.Consumer<java.util.function.Consumer<
                DisconnectReason>> setter) {
            setter.accept(reason -> {
                boolean ours = reason.kind() == Kind.VALIDATION_FAILED || reason.kind() == Kind.PROTOCOL_ERROR
                        || reason.kind() == Kind.IMPLEMENTATION_FAILED
                        || reason.description().contains("could not be handled")
                        || reason.customReason() == DisconnectReason.VALIDATION_FAILED_CODE
                        || reason.customReason() == DisconnectReason.PROTOCOL_ERROR_CODE
                        || reason.customReason() == DisconnectReason.IMPLEMENTATION_FAILED_CODE;
                if (ours) {
                    violations.add(who + " lost its pipe for " + reason);
                }
            });
        }

        /** Runs {@code call}; a {@link BindingException} is a typed outcome, anything else a finding. */
        private void typed(Runnable call) {
            try {
                call.run();
            } catch (BindingException expected) {
                // a typed outcome
            }
        }

        private Remote<Counter> anyCounter(Cursor in) {
            return counters.isEmpty() ? null : counters.get(in.u8() % counters.size());
        }

        void step(Cursor in) {
            switch (in.u8() % 16) {
                case 0 -> typed(() -> hub.get().log(in.string()));
                case 1 -> {
                    AssociatedPair<Counter> pair = hub.newAssociatedPair(Counter.DESCRIPTOR);
                    boolean bindFirst = (in.u8() & 1) == 0;
                    if (bindFirst) {
                        counters.add(own(Remote.bind(pair.remote())));
                    }
                    typed(() -> hub.get().bindCounter(pair.receiver()));
                    if (!bindFirst) {
                        counters.add(own(Remote.bind(pair.remote())));
                    }
                }
                case 2 -> made.add(track(hub.get().makeCounter()));
                case 3 -> {
                    AssociatedPair<Counter> pair = hub.newAssociatedPair(Counter.DESCRIPTOR);
                    own(Receiver.bind(pair.receiver(), new CounterImpl()));
                    track(hub.get().attach(pair.remote()));
                }
                case 4 -> {
                    int shape = in.u8();
                    PendingReceiver<Counter> counter = null;
                    if ((shape & 1) != 0) {
                        MessagePipe p = Core.instance().createMessagePipe();
                        counters.add(own(Remote.bind(new PendingRemote<>(Counter.DESCRIPTOR, p.end0(), 0))));
                        counter = new PendingReceiver<>(Counter.DESCRIPTOR, p.end1());
                    }
                    MessagePipeEndpoint spare = null;
                    if ((shape & 2) != 0) {
                        MessagePipe p = Core.instance().createMessagePipe();
                        spare = p.end0();
                        if ((shape & 4) != 0) {
                            p.end1().close();
                        } else {
                            owned.add(p.end1()::close);
                        }
                    }
                    track(hub.get().adopt(counter, spare));
                    // A call that could not be written leaves its handles with the caller: close them
                    // (a no-op for handles the write moved), or every run leaks two pipes.
                    if (counter != null) {
                        counter.close();
                    }
                    if (spare != null) {
                        spare.close();
                    }
                }
                case 5 -> {
                    Remote<Counter> c = anyCounter(in);
                    int n = in.i32();
                    if (c != null) {
                        typed(() -> c.get().add(n));
                    }
                }
                case 6 -> {
                    Remote<Counter> c = anyCounter(in);
                    if (c != null) {
                        track(c.get().total());
                    }
                }
                case 7 -> {
                    Remote<Counter> c = anyCounter(in);
                    int how = in.u8();
                    if (c != null) {
                        if ((how & 1) == 0) {
                            c.close();
                        } else {
                            c.closeWithReason(how, "fuzz");
                        }
                    }
                }
                case 8 -> {
                    int a = in.i32();
                    int b = in.i32();
                    track(calc.get().add(a, b).thenAccept(sum -> {
                        if (sum != a + b) {
                            violations.add("Add(" + a + ", " + b + ") answered " + sum);
                        }
                    }));
                }
                case 9 -> typed(() -> calc.get().note("fuzz " + in.string()));
                case 10 -> {
                    int n = in.i32() & 0xFFFF;
                    typed(() -> {
                        int twice = calc.get().twiceSync(n);
                        if (twice != 2 * n) {
                            violations.add("Twice(" + n + ") answered " + twice);
                        }
                    });
                }
                case 11 -> track(calc.withDeadline(Duration.ofMillis(1 + in.u8() % 8)).hold(in.i32()));
                case 12 -> {
                    track(hub.flush());
                    track(calc.flush());
                }
                case 13 -> {
                    byte[] bytes = in.bytes(200);
                    int handles = in.u8() % 4;
                    List<Handle> attached = new ArrayList<>();
                    for (int i = 0; i < handles; i++) {
                        MessagePipe p = Core.instance().createMessagePipe();
                        owned.add(p.end1()::close);
                        attached.add(p.end0());
                    }
                    hostile.end0().writeMessage(bytes, attached);
                    for (Handle h : attached) {
                        h.close(); // those the write did not take
                    }
                }
                case 14 -> {
                    int v = in.u8() % 4;
                    if ((v & 1) == 0) {
                        track(calc.queryVersion());
                    } else {
                        calc.requireVersion(v);
                    }
                }
                default -> {
                    // Binds the counters the service made, whose answers have arrived.
                    for (CompletableFuture<PendingAssociatedRemote<Counter>> f : made) {
                        PendingAssociatedRemote<Counter> pending = f.handle((v, e) -> v).getNow(null);
                        if (pending != null && pending.isPending()) {
                            counters.add(own(Remote.bind(pending)));
                        }
                    }
                    made.clear();
                }
            }
        }

        private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
            futures.add(f);
            return f;
        }

        /** Closes every client and checks that every call ended with a typed outcome. */
        void settle() {
            hub.close();
            calc.close();
            for (Remote<Counter> c : counters) {
                c.close();
            }
            for (CompletableFuture<?> f : futures) {
                try {
                    f.get(WAIT_S, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof BindingException)) {
                        throw new AssertionError("a call failed with an untyped error", cause);
                    }
                } catch (TimeoutException e) {
                    throw new AssertionError("a call did not complete within " + WAIT_S + " s of closing its remote");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            if (!violations.isEmpty()) {
                throw new AssertionError("the bindings broke the property: " + violations);
            }
        }

        @Override
        public void close() {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError("closing " + c + " failed", e);
                }
            }
        }
    }
}
