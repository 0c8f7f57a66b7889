package org.jmojo.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ChangeDetector;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of create / write / send (transfer an endpoint) / read / close / poll / set a
 * message-count quota on a handful of pipes, run against the real core and against a reference model
 * of the queues, compared after every step (queue contents and counters, READABLE / WRITABLE /
 * PEER_CLOSED / QUOTA_EXCEEDED, the peer's closure reason, the quota).
 *
 * <p>Every action is independent of the state: it names its endpoints by fixed ids (pipe slot k has
 * endpoints 2k and 2k+1, and each slot is created at most once) and does nothing when the test does
 * not hold them. So jqwik can drop steps without changing what the remaining ones mean, and a failure
 * shrinks to a minimal sequence. The model follows docs/architecture.md §1: a failed write leaves attached handles valid,
 * attaching the writer or its peer is {@code INVALID_ARGUMENT}, closing an endpoint closes every
 * endpoint still queued in it (recursively), queued messages stay readable after the peer closed, a
 * HARD quota overrun is {@code RESOURCE_EXHAUSTED} and breaks the pipe for both ends with
 * {@link ClosureReason#RECEIVE_QUOTA_EXCEEDED}, and a quota stays with the endpoint object (a sent
 * endpoint arrives unlimited). Orphans (docs/architecture.md §3, as jmojo applies it): an endpoint in transit that
 * no held endpoint can reach (the queues it sits in lead round a loop) is closed, with its queue, once
 * its peer is closed.
 */
class MessagePipeModelPropertyTest {
    private static final int MAX_PIPES = 4;
    private static final Signals WATCHED =
            Signals.of(Signals.READABLE, Signals.WRITABLE, Signals.PEER_CLOSED, Signals.QUOTA_EXCEEDED);

    @Property(tries = 1000)
    void messagePipes_randomOperations_matchReferenceModel(@ForAll("operations") ActionChain<World> chain) {
        try {
            chain.withInvariant("every held endpoint matches the model", World::checkAll).run();
        } finally {
            chain.finalState().ifPresent(World::closeAll);
        }
    }

    @Provide
    Arbitrary<ActionChain<World>> operations() {
        return ActionChain.<World>startWith(World::new)
                .withAction(2, new CreatePipe())
                .withAction(5, new Write())
                .withAction(3, new Send())
                .withAction(5, new Read())
                .withAction(2, new Close())
                .withAction(2, new Poll())
                .withAction(1, new SetQuota())
                .withMaxTransformations(40)
                .improveShrinkingWith(StateChange::new);
    }

    // ---- the model -------------------------------------------------------------------------------

    private enum Where { HELD, IN_TRANSIT, CLOSED }

    private record ModelMessage(byte[] bytes, List<Integer> attached) {}

    /** The reference model of one endpoint: where it is and what its incoming queue holds. */
    private static final class ModelEndpoint {
        final int id;
        final int peer;
        Where where = Where.HELD;
        final ArrayDeque<ModelMessage> queue = new ArrayDeque<>();
        /** Set on the endpoint object, so reset when the endpoint travels. */
        ReceiveQuota quota = ReceiveQuota.UNLIMITED;
        /** The pipe broke because one end's HARD quota was overrun. */
        boolean broken;

        ModelEndpoint(int id, int peer) {
            this.id = id;
            this.peer = peer;
        }
    }

    /**
     * The system under test next to its model. Model endpoint ids are 2k and 2k+1 for pipe slot k;
     * {@link #real} maps the id of every held endpoint to the object that owns it now.
     */
    static final class World {
        private final Core core = Core.instance();
        private final ModelEndpoint[] model = new ModelEndpoint[2 * MAX_PIPES];
        private final Map<Integer, MessagePipeEndpoint> real = new TreeMap<>();

        boolean holds(int id) {
            return real.containsKey(id);
        }

        /** Whether the peer is gone: closed, or the pipe broken by a HARD quota. */
        boolean peerClosed(int id) {
            return model[id].broken || model[model[id].peer].where == Where.CLOSED;
        }

        Optional<ClosureReason> closureReason(int id) {
            if (model[id].broken) {
                return Optional.of(ClosureReason.RECEIVE_QUOTA_EXCEEDED);
            }
            return peerClosed(id) ? Optional.of(ClosureReason.CLOSED_BY_USER) : Optional.empty();
        }

        /**
         * The outcome a write on {@code id} must have; a HARD quota overrun breaks the pipe here. On OK the
         * caller queues the message on the peer.
         */
        MojoResult expectWrite(int id) {
            if (peerClosed(id)) {
                return MojoResult.FAILED_PRECONDITION;
            }
            ModelEndpoint receiver = model[model[id].peer];
            if (receiver.quota.policy() == QuotaPolicy.HARD && receiver.queue.size() + 1 > receiver.quota.maxMessages()) {
                receiver.broken = true;
                model[id].broken = true;
                return MojoResult.RESOURCE_EXHAUSTED;
            }
            return MojoResult.OK;
        }

        void closeInModel(int id) {
            ModelEndpoint e = model[id];
            if (e.where == Where.CLOSED) {
                return; // reached again round a loop of queues
            }
            e.where = Where.CLOSED;
            for (ModelMessage m : e.queue) {
                for (int a : m.attached) {
                    closeInModel(a);
                }
            }
            e.queue.clear();
        }

        /** The endpoint whose queue holds the message carrying {@code id}, or -1. */
        private int carrierOf(int id) {
            for (ModelEndpoint x : model) {
                if (x == null || x.where == Where.CLOSED) {
                    continue;
                }
                for (ModelMessage m : x.queue) {
                    if (m.attached.contains(id)) {
                        return x.id;
                    }
                }
            }
            return -1;
        }

        /** Whether the chain of queues holding {@code id} runs round a loop instead of up to a held endpoint. */
        private boolean unreachable(int id) {
            Set<Integer> seen = new HashSet<>();
            int x = id;
            while (x >= 0 && model[x].where == Where.IN_TRANSIT) {
                if (!seen.add(x)) {
                    return true;
                }
                x = carrierOf(x);
            }
            return false;
        }

        /** Closes unreachable endpoints whose peer is gone, until none is left (a close can free another). */
        void collectOrphans() {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (ModelEndpoint e : model) {
                    if (e != null && e.where == Where.IN_TRANSIT && peerClosed(e.id) && unreachable(e.id)) {
                        closeInModel(e.id);
                        changed = true;
                    }
                }
            }
        }

        void checkAll() {
            for (Map.Entry<Integer, MessagePipeEndpoint> entry : real.entrySet()) {
                check(entry.getKey(), entry.getValue());
            }
        }

        private void check(int id, MessagePipeEndpoint endpoint) {
            ModelEndpoint e = model[id];
            boolean peerClosed = peerClosed(id);
            assertThat(endpoint.isValid()).as("endpoint %d valid", id).isTrue();
            assertThat(endpoint.queuedMessages()).as("endpoint %d queued messages", id).isEqualTo(e.queue.size());
            assertThat(endpoint.queuedBytes())
                    .as("endpoint %d queued bytes", id)
                    .isEqualTo(e.queue.stream().mapToLong(m -> m.bytes.length).sum());
            SignalsState s = endpoint.querySignalsState();
            Signals expected = Signals.NONE;
            if (!e.queue.isEmpty()) {
                expected = expected.and(Signals.READABLE);
            }
            expected = expected.and(peerClosed ? Signals.PEER_CLOSED : Signals.WRITABLE);
            if (e.quota.policy() == QuotaPolicy.SIGNAL && e.queue.size() > e.quota.maxMessages()) {
                expected = expected.and(Signals.QUOTA_EXCEEDED);
            }
            assertThat(Signals.fromBits(s.satisfied().bits() & WATCHED.bits()))
                    .as("endpoint %d satisfied signals", id)
                    .isEqualTo(expected);
            assertThat(s.canSatisfyAny(Signals.READABLE))
                    .as("endpoint %d READABLE satisfiable", id)
                    .isEqualTo(!e.queue.isEmpty() || !peerClosed);
            assertThat(endpoint.peerClosureReason())
                    .as("endpoint %d peer closure reason", id)
                    .isEqualTo(closureReason(id));
            assertThat(endpoint.receiveQuota()).as("endpoint %d receive quota", id).isEqualTo(e.quota);
        }

        /** A snapshot of the model, so shrinking can drop steps that changed nothing (a read of an empty queue). */
        String fingerprint() {
            StringBuilder b = new StringBuilder();
            for (ModelEndpoint e : model) {
                if (e == null) {
                    b.append('-');
                    continue;
                }
                b.append(e.id).append(e.where).append(e.queue.size()).append(e.quota).append(e.broken).append(';');
            }
            return b.toString();
        }

        void closeAll() {
            for (MessagePipeEndpoint e : real.values()) {
                e.close();
            }
            real.clear();
        }

        @Override
        public String toString() {
            return "World" + real.keySet();
        }
    }

    /** Tells jqwik's shrinker which steps left the model unchanged, so they can be dropped first. */
    private static final class StateChange implements ChangeDetector<World> {
        private String before;

        @Override
        public void before(World w) {
            before = w.fingerprint();
        }

        @Override
        public boolean hasChanged(World w) {
            return !w.fingerprint().equals(before);
        }
    }

    // ---- actions ---------------------------------------------------------------------------------

    private static final class CreatePipe implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.integers().between(0, MAX_PIPES - 1).map(k -> Transformer.mutate("create(p" + k + ")", w -> {
                if (w.model[2 * k] != null) {
                    return; // each slot is used once, so ids stay the same when shrinking drops steps
                }
                MessagePipe p = w.core.createMessagePipe();
                w.model[2 * k] = new ModelEndpoint(2 * k, 2 * k + 1);
                w.model[2 * k + 1] = new ModelEndpoint(2 * k + 1, 2 * k);
                w.real.put(2 * k, p.end0());
                w.real.put(2 * k + 1, p.end1());
            }));
        }
    }

    private static Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
    }

    private static Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 2 * MAX_PIPES - 1);
    }

    private static final class Write implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Combinators.combine(indexes(), payloads()).as((i, bytes) ->
                    Transformer.mutate("write(e" + i + ", " + bytes.length + " bytes)", w -> {
                        int id = i;
                        if (!w.holds(id)) {
                            return;
                        }
                        MojoResult r = w.real.get(id).writeMessage(bytes);
                        MojoResult expected = w.expectWrite(id);
                        assertThat(r).as("write on %d", id).isEqualTo(expected);
                        if (expected == MojoResult.OK) {
                            w.model[w.model[id].peer].queue.add(new ModelMessage(bytes.clone(), List.of()));
                        }
                    }));
        }
    }

    /** Writes a message that attaches another held endpoint: the transfer, or one of its misuses. */
    private static final class Send implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Combinators.combine(indexes(), indexes(), payloads()).as((i, j, bytes) ->
                    Transformer.mutate("send(e" + j + " over e" + i + ", " + bytes.length + " bytes)", w -> {
                        int id = i;
                        int cargo = j;
                        if (!w.holds(id) || !w.holds(cargo)) {
                            return;
                        }
                        MessagePipeEndpoint writer = w.real.get(id);
                        MessagePipeEndpoint attached = w.real.get(cargo);
                        if (cargo == id || cargo == w.model[id].peer) {
                            MojoException e = catchThrowableOfType(
                                    MojoException.class, () -> writer.writeMessage(bytes, List.of(attached)));
                            assertThat(e).as("send %d over %d", cargo, id).isNotNull();
                            assertThat(e.result()).isEqualTo(MojoResult.INVALID_ARGUMENT);
                            assertThat(attached.isValid()).isTrue();
                            return;
                        }
                        MojoResult r = writer.writeMessage(bytes, List.of(attached));
                        MojoResult expected = w.expectWrite(id);
                        assertThat(r).as("send %d over %d", cargo, id).isEqualTo(expected);
                        if (expected != MojoResult.OK) {
                            assertThat(attached.isValid()).as("attached %d after a failed write", cargo).isTrue();
                        } else {
                            assertThat(attached.isValid()).as("attached %d after the write", cargo).isFalse();
                            w.real.remove(cargo);
                            w.model[cargo].where = Where.IN_TRANSIT;
                            w.model[cargo].quota = ReceiveQuota.UNLIMITED;
                            w.model[w.model[id].peer].queue.add(new ModelMessage(bytes.clone(), List.of(cargo)));
                            w.collectOrphans();
                        }
                    }));
        }
    }

    private static final class Read implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return indexes().map(i -> Transformer.mutate("read(e" + i + ")", w -> {
                int id = i;
                if (!w.holds(id)) {
                    return;
                }
                ReadResult r = w.real.get(id).readMessage();
                ModelMessage expected = w.model[id].queue.poll();
                if (expected == null) {
                    assertThat(r.result())
                            .as("read on %d with an empty queue", id)
                            .isEqualTo(w.peerClosed(id) ? MojoResult.FAILED_PRECONDITION : MojoResult.SHOULD_WAIT);
                    return;
                }
                assertThat(r.result()).as("read on %d", id).isEqualTo(MojoResult.OK);
                Message m = r.message();
                assertThat(m.bytes()).as("bytes read on %d", id).isEqualTo(expected.bytes);
                assertThat(m.handles()).as("handles read on %d", id).hasSize(expected.attached.size());
                for (int k = 0; k < expected.attached.size(); k++) {
                    int arrived = expected.attached.get(k);
                    w.model[arrived].where = Where.HELD;
                    w.real.put(arrived, m.handle(k, MessagePipeEndpoint.class));
                }
            }));
        }
    }

    private static final class Close implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return indexes().map(i -> Transformer.mutate("close(e" + i + ")", w -> {
                int id = i;
                if (!w.holds(id)) {
                    return;
                }
                MessagePipeEndpoint e = w.real.remove(id);
                e.close();
                assertThat(e.isValid()).isFalse();
                w.closeInModel(id);
                w.collectOrphans();
            }));
        }
    }

    /** Sets a message-count quota (0 to 3, or none) with either policy on a held endpoint. */
    private static final class SetQuota implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            Arbitrary<ReceiveQuota> quotas = Arbitraries.oneOf(
                    Arbitraries.just(ReceiveQuota.UNLIMITED),
                    Combinators.combine(Arbitraries.longs().between(0, 3), Arbitraries.of(QuotaPolicy.class))
                            .as(ReceiveQuota::messages));
            return Combinators.combine(indexes(), quotas).as((i, q) ->
                    Transformer.mutate("quota(e" + i + ", " + describe(q) + ")", w -> {
                        if (!w.holds(i)) {
                            return;
                        }
                        w.real.get(i).setReceiveQuota(q);
                        w.model[i].quota = q;
                    }));
        }

        private static String describe(ReceiveQuota q) {
            return q.isUnlimited() ? "unlimited" : q.maxMessages() + " " + q.policy();
        }
    }

    /** A wait with {@link Deadline#NONE}: reports the current state without blocking. */
    private static final class Poll implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return indexes().map(i -> Transformer.mutate("poll(e" + i + ")", w -> {
                int id = i;
                if (!w.holds(id)) {
                    return;
                }
                WaitResult r = w.core.wait(w.real.get(id), Signals.READABLE, Deadline.NONE);
                MojoResult expected;
                if (!w.model[id].queue.isEmpty()) {
                    expected = MojoResult.OK;
                } else if (w.peerClosed(id)) {
                    expected = MojoResult.FAILED_PRECONDITION;
                } else {
                    expected = MojoResult.DEADLINE_EXCEEDED;
                }
                assertThat(r.result()).as("poll READABLE on %d", id).isEqualTo(expected);
                WaitResult closed = w.core.wait(w.real.get(id), Signals.PEER_CLOSED, Deadline.NONE);
                assertThat(closed.result())
                        .as("poll PEER_CLOSED on %d", id)
                        .isEqualTo(w.peerClosed(id) ? MojoResult.OK : MojoResult.DEADLINE_EXCEEDED);
            }));
        }
    }
}
