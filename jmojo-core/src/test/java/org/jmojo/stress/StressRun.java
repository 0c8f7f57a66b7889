package org.jmojo.stress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jmojo.stress.Ledger.Finding;
import org.jmojo.stress.Ledger.Log;
import org.jmojo.stress.Ledger.PipeStats;
import org.jmojo.stress.SeedConfig.Op;
import org.jmojo.system.ArmResult;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.QuotaPolicy;
import org.jmojo.system.ReadResult;
import org.jmojo.system.ReceiveQuota;
import org.jmojo.system.Signals;
import org.jmojo.system.SignalsState;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;
import org.jmojo.system.WaitManyResult;
import org.jmojo.system.WaitResult;
import org.jmojo.system.WaitSet;
import org.jmojo.system.WaitSetResult;

/**
 * One seed of the stress test: workers (platform and virtual threads) share a pool of endpoint
 * objects, a few traps and wait sets, and pick operations at random from their seeded generators:
 * writes with checksummed payloads, sends of endpoints (also nested in fresh pipes, so they travel at
 * any depth), reads, closes, pipe creation, waits (with deadlines, and without one where another thread
 * is sure to end it), queries, quotas, trap and wait-set operations. Any two of them may hit the same
 * object at once: closes race sends, reads and waits. Trap handlers re-arm and read as they go.
 *
 * <p>Every outcome is checked against the documented ones as it happens; what can only be judged
 * afterwards (each OK write read exactly once and in order, PEER_CLOSED only where the peer is gone,
 * each trap trigger's events ending with exactly one CANCELLED, nothing left alive) is checked once
 * every worker has finished, everything still held has been drained, and everything has been closed.
 *
 * <p>{@link #run()} runs on the calling thread and may hang if jmojo does; {@link StressRunner} runs it
 * under a watchdog.
 */
final class StressRun {
    private static final Signals[] SIGNAL_CHOICES = {
        Signals.READABLE, Signals.WRITABLE, Signals.PEER_CLOSED, Signals.QUOTA_EXCEEDED
    };

    final SeedConfig cfg;
    private final StressSystem system;
    /** Round robin over the system's nodes for new traps and wait sets. */
    private final AtomicInteger nextNode = new AtomicInteger();
    private final long seed;

    private final AtomicLong clock = new AtomicLong();
    private final AtomicReferenceArray<Holder> pool;
    /** Holders received during the final drain when the pool is full. */
    private final List<Holder> overflow = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean finalPhase;
    private final AtomicInteger nextPipe = new AtomicInteger();
    private final ConcurrentHashMap<Integer, PipeStats> pipes = new ConcurrentHashMap<>();
    private final AtomicLong nextContext = new AtomicLong();

    private final AtomicReferenceArray<TrapSlot> traps;
    private final List<TrapSlot> allTraps = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReferenceArray<WaitSetSlot> waitSets;
    private final List<WaitSetSlot> allWaitSets = Collections.synchronizedList(new ArrayList<>());

    private final List<Log> logs = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<Log> currentLog = new ThreadLocal<>();
    /** Findings of threads that are not workers (none expected). */
    private final Log strayLog = new Log(-2);

    /** Set once the seed's threads are all started, for the watchdog's dump. */
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong handlerOps = new AtomicLong();

    StressRun(StressSystem system, SeedConfig cfg) {
        this.system = system;
        this.cfg = cfg;
        this.seed = cfg.seed();
        this.pool = new AtomicReferenceArray<>(cfg.poolSize());
        this.traps = new AtomicReferenceArray<>(cfg.traps());
        this.waitSets = new AtomicReferenceArray<>(cfg.waitSets());
    }

    /** The outcome of one seed. */
    record Outcome(long seed, long operations, long writes, long reads, List<Finding> findings) {}

    Outcome run() throws InterruptedException {
        StressSystem.LiveCounts before = system.liveCounts();
        Log mainLog = new Log(-1);
        logs.add(mainLog);
        currentLog.set(mainLog);
        SplittableRandom setup = SeedConfig.random(seed, -2);
        for (int i = 0; i < cfg.traps(); i++) {
            traps.set(i, newTrap());
        }
        for (int i = 0; i < cfg.waitSets(); i++) {
            waitSets.set(i, newWaitSet());
        }
        for (int i = 0; i < cfg.poolSize() / 2; i++) {
            createPipe(setup);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < cfg.workers(); w++) {
            int id = w;
            Runnable body = () -> {
                Log log = new Log(id);
                logs.add(log);
                currentLog.set(log);
                try {
                    start.await();
                    work(SeedConfig.random(seed, id), log);
                } catch (Throwable t) {
                    log.find("exception", "worker " + id + " died: " + describe(t));
                }
            };
            String name = "stress-" + seed + "-w" + w;
            Thread t = cfg.virtualWorkers()[w]
                    ? Thread.ofVirtual().name(name + "-virtual").unstarted(body)
                    : Thread.ofPlatform().daemon().name(name + "-platform").unstarted(body);
            workers.add(t);
        }
        threads.addAll(workers);
        workers.forEach(Thread::start);
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        return finish(before, mainLog);
    }

    // ---------------------------------------------------------------------------------------------
    // The worker loop and its operations

    private void work(SplittableRandom r, Log log) {
        for (int i = 0; i < cfg.opsPerWorker(); i++) {
            Op op = cfg.pick(r);
            try {
                perform(op, r, log);
            } catch (RuntimeException | Error | InterruptedException e) {
                log.find("exception", op + " threw " + describe(e));
            }
            log.ops++;
        }
    }

    private void perform(Op op, SplittableRandom r, Log log) throws InterruptedException {
        switch (op) {
            case WRITE -> withHolder(r, h -> write(h, List.of(), r, log));
            case SEND -> withHolder(r, h -> write(h, attachable(h, 1 + r.nextInt(3), r), r, log));
            case NEST -> nest(r, log);
            case READ -> withHolder(r, h -> {
                // Now and then read several in a row, so that queues also drain while workers run.
                for (int k = r.nextInt(4) == 0 ? 1 + r.nextInt(8) : 1; k > 0 && read(h, r, log); k--) {
                    log.ops++;
                }
            });
            case CLOSE -> withHolder(r, this::close);
            case CREATE -> createPipe(r);
            case WAIT -> withHolder(r, h -> waitOne(h, r, log));
            case WAIT_MANY -> waitMany(r, log);
            case HANDOFF -> handoff(r, log);
            case QUERY -> withHolder(r, h -> query(h, r, log));
            case QUOTA -> withHolder(r, h -> quota(h, r, log));
            case TRAP_ADD -> withHolder(r, h -> trapAdd(slotOf(traps, r), h, r, log));
            case TRAP_REMOVE -> trapRemove(slotOf(traps, r), r, log);
            case TRAP_ARM -> trapArm(slotOf(traps, r), r, log);
            case TRAP_REPLACE -> replaceTrap(r);
            case WAIT_SET_ADD -> withHolder(r, h -> waitSetAdd(slotOf(waitSets, r), h, r, log));
            case WAIT_SET_REMOVE -> waitSetRemove(slotOf(waitSets, r), r, log);
            case WAIT_SET_WAIT -> waitSetWait(slotOf(waitSets, r), r, log);
        }
    }

    private interface HolderOp {
        void run(Holder h);
    }

    /** Runs {@code op} on a random pool object; creates a pipe instead if the pool looks empty. */
    private void withHolder(SplittableRandom r, HolderOp op) {
        Holder h = pick(r);
        if (h == null) {
            createPipe(r);
        } else {
            op.run(h);
        }
    }

    private Holder pick(SplittableRandom r) {
        for (int tries = 0; tries < 4; tries++) {
            Holder h = pool.get(r.nextInt(pool.length()));
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    /**
     * Handles to attach to a write through {@code h}: {@link #pickOthers}, or none if {@code h}'s peer is on
     * another node and the system cannot move endpoints there yet.
     */
    private List<Holder> attachable(Holder h, int n, SplittableRandom r) {
        if (!system.movesEndpointsAcrossNodes() && stats(h.end).crossesNodes) {
            return List.of();
        }
        return pickOthers(h, n, r);
    }

    /**
     * Up to {@code n} distinct pool objects other than {@code h}, on {@code h}'s node (a handle is used only
     * with its node's); now and then {@code h}'s own peer.
     */
    private List<Holder> pickOthers(Holder h, int n, SplittableRandom r) {
        List<Holder> picked = new ArrayList<>(n);
        for (int tries = 0; tries < 3 * n && picked.size() < n; tries++) {
            Holder x = pool.get(r.nextInt(pool.length()));
            if (x == null || x == h || picked.contains(x) || x.node != h.node) {
                continue;
            }
            if (x.end == (h.end ^ 1) && r.nextInt(4) != 0) {
                continue; // attaching the writer's own peer is refused: try it only now and then
            }
            picked.add(x);
        }
        return picked;
    }

    private static <T> T slotOf(AtomicReferenceArray<T> slots, SplittableRandom r) {
        return slots.get(r.nextInt(slots.length()));
    }

    private long tick() {
        return clock.incrementAndGet();
    }

    private PipeStats stats(int end) {
        return pipes.get(end >>> 1);
    }

    private Log log() {
        Log l = currentLog.get();
        return l != null ? l : strayLog;
    }

    /** Puts {@code h} in a free pool slot; if none is found, keeps it aside (final phase) or closes it. */
    private void place(Holder h, SplittableRandom r) {
        for (int tries = 0; tries < 8; tries++) {
            int i = r.nextInt(pool.length());
            if (pool.get(i) == null) {
                h.slot = i;
                if (pool.compareAndSet(i, null, h)) {
                    return;
                }
            }
        }
        h.slot = -1;
        if (finalPhase) {
            overflow.add(h);
        } else {
            close(h);
        }
    }

    private void unplace(Holder h) {
        if (h.slot >= 0) {
            pool.compareAndSet(h.slot, h, null);
        } else {
            overflow.remove(h);
        }
    }

    /** A new pipe, numbered: its ends are logical endpoints 2n and 2n + 1, of generation 0. */
    private Holder[] newPipe(SplittableRandom r) {
        return holders(system.createMessagePipe(r));
    }

    /** A new pipe with both ends on {@code node}'s node. */
    private Holder[] newLocalPipe(Core node) {
        return holders(system.createLocalPipe(node));
    }

    private Holder[] holders(MessagePipe p) {
        int id = nextPipe.getAndIncrement();
        Core node0 = system.coreOf(p.end0());
        Core node1 = system.coreOf(p.end1());
        PipeStats stats = new PipeStats();
        stats.crossesNodes = node0 != node1;
        pipes.put(id, stats);
        return new Holder[] {new Holder(p.end0(), 2 * id, 0, node0), new Holder(p.end1(), 2 * id + 1, 0, node1)};
    }

    /** The next node, round robin, for a new trap or wait set. */
    private Core nextNode() {
        List<Core> nodes = system.nodes();
        return nodes.get(Math.floorMod(nextNode.getAndIncrement(), nodes.size()));
    }

    private void createPipe(SplittableRandom r) {
        for (Holder h : newPipe(r)) {
            place(h, r);
        }
    }

    private void close(Holder h) {
        h.closeRequested = true;
        h.obj.close();
        unplace(h);
    }

    /**
     * Writes one checksummed message through {@code h}, attaching {@code attached}; returns whether it
     * returned OK. Checks every outcome against the documented ones.
     */
    private boolean write(Holder h, List<Holder> attached, SplittableRandom r, Log log) {
        int n = attached.size();
        int[] ends = new int[n];
        int[] gens = new int[n];
        int[] endedBefore = new int[n];
        List<MessagePipeEndpoint> objects = new ArrayList<>(n);
        boolean peerAttached = false;
        for (int i = 0; i < n; i++) {
            Holder a = attached.get(i);
            ends[i] = a.end;
            gens[i] = a.gen + 1;
            objects.add(a.obj);
            peerAttached |= a.end == (h.end ^ 1);
        }
        long seq = log.nextSeq(h.end, h.gen);
        int fill = r.nextInt(8) == 0 ? r.nextInt(cfg.maxFill() + 1) : r.nextInt(17);
        Payload payload = new Payload(h.end, h.gen, log.writer, seq, ends, gens, fill);
        byte[] bytes = payload.encode();
        int hEnded = h.sendsEnded.get();
        for (int i = 0; i < n; i++) {
            endedBefore[i] = attached.get(i).sendsEnded.get();
            attached.get(i).sendsStarted.incrementAndGet();
        }
        long start = tick();
        try {
            MojoResult result = h.obj.writeMessage(bytes, objects);
            long end = tick();
            switch (result) {
                case OK -> {
                    if (peerAttached) {
                        log.find("result", "write attaching the writer's own peer returned OK: " + h);
                    }
                    log.writes.add(new Ledger.Written(payload.stream(), seq));
                    stats(h.end).alive(h.end, start);
                    for (Holder a : attached) {
                        a.sent = true;
                        unplace(a);
                    }
                    return true;
                }
                case FAILED_PRECONDITION -> {
                    stats(h.end).alive(h.end, start);
                    stats(h.end).peerClosed(h.end, end, "a write returned FAILED_PRECONDITION");
                }
                case RESOURCE_EXHAUSTED -> {
                    if (!stats(h.end).hardQuotaEver) {
                        log.find("result", "write returned RESOURCE_EXHAUSTED on a pipe without a HARD quota: " + h);
                    }
                }
                default -> log.find("result", "writeMessage returned " + result + ": " + h);
            }
        } catch (InvalidHandleException e) {
            int i = e.index();
            if (i >= 0) {
                if (i >= n || attached.get(i).obj.value() != e.handle()) {
                    log.find("result", "InvalidHandleException index " + i + " does not name handle 0x"
                            + Integer.toHexString(e.handle()) + ": " + e.getMessage());
                } else if (!attached.get(i).explains(e, endedBefore[i])) {
                    log.find("dead-handle", "attached " + attached.get(i) + " was neither closed nor sent: " + e.getMessage());
                }
            } else if (e.handle() != h.obj.value()) {
                log.find("result", "InvalidHandleException about an attached handle with index -1: " + e.getMessage());
            } else if (!h.explains(e, hEnded)) {
                log.find("dead-handle", "writer " + h + " was neither closed nor sent: " + e.getMessage());
            }
        } catch (MojoException e) {
            boolean explained = switch (e.result()) {
                case BUSY -> h.sendOverlapped(hEnded) || anyOverlapped(attached, endedBefore);
                case INVALID_ARGUMENT -> peerAttached && e.detail().contains("its own peer");
                default -> false;
            };
            if (!explained) {
                log.find("result", "writeMessage threw " + e.getMessage() + " (writer " + h + ", attached " + attached + ")");
            }
        } finally {
            for (Holder a : attached) {
                a.sendsEnded.incrementAndGet();
            }
        }
        return false;
    }

    private static boolean anyOverlapped(List<Holder> holders, int[] endedBefore) {
        for (int i = 0; i < holders.size(); i++) {
            if (holders.get(i).sendOverlapped(endedBefore[i])) {
                return true;
            }
        }
        return false;
    }

    /** Puts a pool object into a fresh pipe's queue, so that it travels one level deeper. */
    private void nest(SplittableRandom r, Log log) {
        Holder cargo = pick(r);
        if (cargo == null) {
            return;
        }
        Holder[] p = newLocalPipe(cargo.node); // a carrier on the cargo's node: no endpoint crosses nodes
        Holder writer = p[0];
        Holder reader = p[1];
        write(writer, List.of(cargo), r, log);
        if (r.nextBoolean()) {
            close(writer); // the queue lives on in the reader, which travels like any endpoint
        } else {
            place(writer, r);
        }
        place(reader, r);
    }

    /** Reads once through {@code h}; returns whether a message was read. */
    private boolean read(Holder h, SplittableRandom r, Log log) {
        int ended = h.sendsEnded.get();
        long start = tick();
        try {
            ReadResult result = h.obj.readMessage();
            long end = tick();
            switch (result.result()) {
                case OK -> {
                    stats(h.end).alive(h.end, start);
                    received(h, result.message(), start, end, r, log);
                    return true;
                }
                case SHOULD_WAIT -> stats(h.end).alive(h.end, start);
                case FAILED_PRECONDITION -> {
                    stats(h.end).alive(h.end, start);
                    stats(h.end).peerClosed(h.end, end, "a read returned FAILED_PRECONDITION");
                }
                default -> log.find("result", "readMessage returned " + result.result() + ": " + h);
            }
        } catch (InvalidHandleException e) {
            if (!h.explains(e, ended)) {
                log.find("dead-handle", "read: " + h + " was neither closed nor sent: " + e.getMessage());
            }
        } catch (MojoException e) {
            if (e.result() != MojoResult.BUSY || !h.sendOverlapped(ended)) {
                log.find("result", "readMessage threw " + e.getMessage() + ": " + h);
            }
        }
        return false;
    }

    /** Checks a message read through {@code h}, records it, and puts the endpoints it carries in the pool. */
    private void received(Holder h, Message m, long start, long end, SplittableRandom r, Log log) {
        Payload p;
        try {
            p = Payload.decode(m.bytes());
        } catch (IllegalArgumentException e) {
            log.find("corrupt", "message read through " + h + ": " + e.getMessage());
            m.closeHandles();
            return;
        }
        if (p.srcEnd() != (h.end ^ 1)) {
            log.find("misdelivered", p + " was written through end " + p.srcEnd() + " but read through " + h);
        }
        log.reads.add(new Ledger.Read(h.end, p.stream(), p.seq(), start, end));
        List<Handle> handles = m.handles();
        if (handles.size() != p.attachedEnds().length) {
            log.find("corrupt", p + " carries " + handles.size() + " handles; its writer attached " + p.attachedEnds().length);
            m.closeHandles();
            return;
        }
        for (int i = 0; i < handles.size(); i++) {
            if (!(handles.get(i) instanceof MessagePipeEndpoint ep)) {
                log.find("corrupt", p + " carries " + handles.get(i) + " where an endpoint was attached");
                handles.get(i).close();
                continue;
            }
            // A handle arrives on the reader's node (handles are attached only on pipes within one node).
            Holder nh = new Holder(r.nextInt(8) == 0 ? ep.pass() : ep, p.attachedEnds()[i], p.attachedGens()[i], h.node);
            try {
                SignalsState s = nh.obj.querySignalsState();
                if (s.equals(SignalsState.NONE)) {
                    log.find("dead-handle", "endpoint " + nh + " received in " + p + " has no signals at all: dead on arrival");
                }
                stats(nh.end).alive(nh.end, end);
            } catch (MojoException e) {
                log.find("dead-handle", "endpoint " + nh + " received in " + p + " is unusable on arrival: " + e.getMessage());
            }
            place(nh, r);
        }
    }

    private Signals randomSignals(SplittableRandom r) {
        int bits = 0;
        while (bits == 0) {
            for (Signals s : SIGNAL_CHOICES) {
                if (r.nextInt(3) == 0) {
                    bits |= s.bits();
                }
            }
        }
        return Signals.fromBits(bits);
    }

    private static Deadline randomDeadline(SplittableRandom r) {
        return r.nextInt(3) == 0 ? Deadline.NONE : Deadline.after(java.time.Duration.ofNanos(20_000 + r.nextInt(500_000)));
    }

    private void observe(Holder h, SignalsState s, long tick, String how) {
        if (s.satisfiesAny(Signals.PEER_CLOSED)) {
            stats(h.end).peerClosed(h.end, tick, how);
        }
    }

    /** Checks the outcome of a wait on {@code h} for {@code signals}, begun when h's sendsEnded was {@code ended}. */
    private void checkWaitOutcome(Holder h, Signals signals, MojoResult result, SignalsState s, int ended,
            long start, long end, String what, Log log) {
        switch (result) {
            case OK -> {
                if (!s.satisfiesAny(signals)) {
                    log.find("wait", what + " on " + h + " for " + signals + " returned OK with " + s + ", which satisfies none of them");
                }
                stats(h.end).alive(h.end, start);
                observe(h, s, end, what + " state");
            }
            case FAILED_PRECONDITION -> {
                if (s.equals(SignalsState.NONE) || s.canSatisfyAny(signals)) {
                    log.find("wait", what + " on " + h + " for " + signals + " returned FAILED_PRECONDITION with " + s);
                }
                stats(h.end).alive(h.end, start);
                observe(h, s, end, what + " state");
            }
            case CANCELLED -> {
                if (!s.equals(SignalsState.NONE)) {
                    log.find("wait", what + " on " + h + " returned CANCELLED with " + s);
                }
                if (!h.mayBeGone(ended)) {
                    log.find("wait", what + " on " + h + " returned CANCELLED, but the handle was neither closed nor sent");
                }
            }
            case DEADLINE_EXCEEDED -> {
                if (!s.equals(SignalsState.NONE)) {
                    stats(h.end).alive(h.end, start);
                    observe(h, s, end, what + " state");
                }
            }
            default -> log.find("wait", what + " on " + h + " returned " + result);
        }
    }

    private void waitOne(Holder h, SplittableRandom r, Log log) {
        Signals signals = randomSignals(r);
        Deadline deadline = randomDeadline(r);
        int ended = h.sendsEnded.get();
        long start = tick();
        try {
            WaitResult w = h.node.wait(h.obj, signals, deadline);
            checkWaitOutcome(h, signals, w.result(), w.signalsState(), ended, start, tick(), "wait", log);
        } catch (InvalidHandleException e) {
            if (!h.explains(e, ended)) {
                log.find("dead-handle", "wait: " + h + " was neither closed nor sent: " + e.getMessage());
            }
        }
    }

    private void waitMany(SplittableRandom r, Log log) {
        Holder first = pick(r);
        if (first == null) {
            return;
        }
        List<Holder> hs = new ArrayList<>();
        hs.add(first);
        for (Holder x : pickOthers(first, 1 + r.nextInt(3), r)) {
            hs.add(x);
        }
        List<MessagePipeEndpoint> objects = new ArrayList<>();
        List<Signals> signals = new ArrayList<>();
        int[] ended = new int[hs.size()];
        for (int i = 0; i < hs.size(); i++) {
            objects.add(hs.get(i).obj);
            signals.add(randomSignals(r));
            ended[i] = hs.get(i).sendsEnded.get();
        }
        Deadline deadline = randomDeadline(r);
        long start = tick();
        try {
            WaitManyResult w = first.node.waitMany(objects, signals, deadline);
            long end = tick();
            int i = w.index();
            if (w.result() == MojoResult.DEADLINE_EXCEEDED) {
                if (i != -1) {
                    log.find("wait", "waitMany DEADLINE_EXCEEDED with index " + i);
                }
            } else if (i < 0 || i >= hs.size()) {
                log.find("wait", "waitMany " + w.result() + " with index " + i + " of " + hs.size());
                return;
            } else {
                checkWaitOutcome(hs.get(i), signals.get(i), w.result(), w.signalsStates().get(i), ended[i], start, end,
                        "waitMany", log);
            }
            for (int k = 0; k < hs.size(); k++) {
                if (k != i) {
                    observe(hs.get(k), w.signalsStates().get(k), end, "waitMany state");
                }
            }
        } catch (InvalidHandleException e) {
            int i = e.index();
            if (i < 0 || i >= hs.size() || hs.get(i).obj.value() != e.handle()) {
                log.find("result", "waitMany: InvalidHandleException with index " + i + ": " + e.getMessage());
            } else if (!hs.get(i).explains(e, ended[i])) {
                log.find("dead-handle", "waitMany: " + hs.get(i) + " was neither closed nor sent: " + e.getMessage());
            }
        }
    }

    /**
     * A wait with no deadline that another thread is sure to end: a fresh pipe, a virtual thread that
     * writes one message into it, and this worker waiting for it without a deadline (so a lost wake-up
     * hangs here and the watchdog reports it). Both ends then join the pool.
     */
    private void handoff(SplittableRandom r, Log log) throws InterruptedException {
        Holder[] p = newPipe(r);
        Holder a = p[0];
        Holder b = p[1];
        long seq = log.nextSeq(a.end, a.gen);
        Payload payload = new Payload(a.end, a.gen, log.writer, seq, new int[0], new int[0], r.nextInt(17));
        byte[] bytes = payload.encode();
        java.util.concurrent.atomic.AtomicReference<Object> written = new java.util.concurrent.atomic.AtomicReference<>();
        Thread helper = Thread.ofVirtual().name("stress-" + seed + "-handoff").start(() -> {
            try {
                written.set(a.obj.writeMessage(bytes));
            } catch (RuntimeException e) {
                written.set(e);
            }
        });
        long start = tick();
        WaitResult w = b.node.wait(b.obj, Signals.READABLE, Deadline.INFINITE);
        checkWaitOutcome(b, Signals.READABLE, w.result(), w.signalsState(), 0, start, tick(), "wait without deadline", log);
        helper.join();
        if (written.get() == MojoResult.OK) {
            log.writes.add(new Ledger.Written(payload.stream(), seq));
        } else {
            log.find("result", "a write into a fresh pipe returned " + written.get());
        }
        read(b, r, log);
        place(a, r);
        place(b, r);
    }

    private void query(Holder h, SplittableRandom r, Log log) {
        int ended = h.sendsEnded.get();
        long start = tick();
        try {
            SignalsState s = h.obj.querySignalsState();
            long end = tick();
            if (s.equals(SignalsState.NONE)
                    || !s.satisfied().containsAny(Signals.of(Signals.WRITABLE, Signals.PEER_CLOSED))
                    || !s.satisfiable().containsAll(s.satisfied())) {
                log.find("query", "querySignalsState of " + h + " returned " + s);
            }
            stats(h.end).alive(h.end, start);
            observe(h, s, end, "querySignalsState");
            if (r.nextBoolean()) {
                long queued = h.obj.queuedMessages();
                Optional<ClosureReason> why = h.obj.peerClosureReason();
                long after = tick();
                if (queued < 0) {
                    log.find("query", "queuedMessages of " + h + " is " + queued);
                }
                if (why.isPresent()) {
                    stats(h.end).peerClosed(h.end, after, "peerClosureReason " + why.get());
                    if (why.get() == ClosureReason.RECEIVE_QUOTA_EXCEEDED && !stats(h.end).hardQuotaEver) {
                        log.find("query", h + ": peer closed for a HARD quota, but no HARD quota was set on its pipe");
                    }
                }
            }
        } catch (InvalidHandleException e) {
            if (!h.explains(e, ended)) {
                log.find("dead-handle", "query: " + h + " was neither closed nor sent: " + e.getMessage());
            }
        }
    }

    private void quota(Holder h, SplittableRandom r, Log log) {
        ReceiveQuota q;
        int k = r.nextInt(10);
        if (k < 3) {
            q = ReceiveQuota.UNLIMITED;
        } else if (k < 7) {
            q = ReceiveQuota.messages(1 + r.nextInt(20), QuotaPolicy.SIGNAL);
        } else if (k < 9 || !cfg.hardQuotas()) {
            q = ReceiveQuota.bytes(64 + r.nextInt(4096), QuotaPolicy.SIGNAL);
        } else {
            q = ReceiveQuota.messages(5 + r.nextInt(50), QuotaPolicy.HARD);
            stats(h.end).hardQuotaEver = true;
        }
        int ended = h.sendsEnded.get();
        long start = tick();
        try {
            h.obj.setReceiveQuota(q);
            stats(h.end).alive(h.end, start);
        } catch (InvalidHandleException e) {
            if (!h.explains(e, ended)) {
                log.find("dead-handle", "setReceiveQuota: " + h + " was neither closed nor sent: " + e.getMessage());
            }
        } catch (MojoException e) {
            if (e.result() != MojoResult.BUSY || !h.sendOverlapped(ended)) {
                log.find("result", "setReceiveQuota threw " + e.getMessage() + ": " + h);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Traps

    /** A trap trigger or wait-set entry as the test asked for it; recorded before the add is called. */
    private static class Registered {
        final long key;
        final Holder watched;
        final Signals signals;
        /** 0 while the add runs, 1 if it returned OK, 2 if it failed. */
        volatile int added;
        final AtomicBoolean removeClaimed = new AtomicBoolean();

        Registered(long key, Holder watched, Signals signals) {
            this.key = key;
            this.watched = watched;
            this.signals = signals;
        }
    }

    private static final class TriggerInfo extends Registered {
        final TriggerCondition condition;

        TriggerInfo(long context, Holder watched, Signals signals, TriggerCondition condition) {
            super(context, watched, signals);
            this.condition = condition;
        }
    }

    private interface Call {
        MojoResult run();
    }

    /**
     * Adds {@code info} to the trap or wait set {@code owner} with {@code add}, records whether it
     * succeeded, and checks the outcome: OK, or an invalid or busy handle that someone's close or send
     * explains.
     */
    private static void add(Registered info, Handle owner, BooleanSupplier ownerCloseRequested, Call add, String what,
            Log log) {
        Holder h = info.watched;
        int ended = h.sendsEnded.get();
        try {
            MojoResult result = add.run();
            info.added = result == MojoResult.OK ? 1 : 2;
            if (result != MojoResult.OK) {
                log.find(what, "adding with a fresh key returned " + result);
            }
        } catch (InvalidHandleException e) {
            info.added = 2;
            boolean explained = e.handle() == owner.value() ? ownerCloseRequested.getAsBoolean() : h.explains(e, ended);
            if (!explained) {
                log.find("dead-handle", what + " add of " + h + ": " + e.getMessage());
            }
        } catch (MojoException e) {
            info.added = 2;
            if (e.result() != MojoResult.BUSY || !h.sendOverlapped(ended)) {
                log.find("result", what + " add threw " + e.getMessage() + ": " + h);
            }
        }
    }

    /**
     * Removes a random registration of {@code registered} whose add returned OK and that no other worker
     * is removing, with {@code remove}. It must be found unless {@code mayBeGone} (a trap trigger whose
     * handle was closed or sent is gone with it); an invalid owner must have been closed.
     */
    private static <T extends Registered> void remove(Map<Long, T> registered, boolean mayBeGone,
            BooleanSupplier ownerCloseRequested, Function<T, MojoResult> removeCall, String what, SplittableRandom r,
            Log log) {
        List<T> candidates = new ArrayList<>(registered.values());
        if (candidates.isEmpty()) {
            return;
        }
        T info = candidates.get(r.nextInt(candidates.size()));
        if (info.added != 1 || !info.removeClaimed.compareAndSet(false, true)) {
            return;
        }
        try {
            MojoResult result = removeCall.apply(info);
            boolean ok = result == MojoResult.OK
                    || (result == MojoResult.NOT_FOUND && mayBeGone && info.watched.isOrWasGone());
            if (!ok) {
                log.find(what, "removing " + info.key + " (on " + info.watched + ", never removed before) returned " + result);
            }
        } catch (InvalidHandleException e) {
            if (!ownerCloseRequested.getAsBoolean()) {
                log.find("dead-handle", what + " remove on one nobody closed: " + e.getMessage());
            }
        }
    }

    /** A trap, what was asked of it, and every event its handler received, in delivery order. */
    private final class TrapSlot {
        final Core node = nextNode();
        final Trap trap;
        final long lane;
        final Map<Long, TriggerInfo> triggers = new ConcurrentHashMap<>();
        final List<TrapEvent> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean inHandler = new AtomicBoolean();
        volatile boolean closeRequested;
        /** Written only by the thread running the handler (one at a time). */
        int handled;

        TrapSlot(long lane) {
            this.lane = lane;
            this.trap = node.createTrap(this::onEvent);
        }

        private void onEvent(TrapEvent e) {
            Log log = log();
            if (!inHandler.compareAndSet(false, true)) {
                log.find("trap", "handler of trap " + lane + " entered by two threads at once");
            }
            try {
                events.add(e);
                handlerOps.incrementAndGet();
                long t = tick();
                TriggerInfo info = triggers.get(e.context());
                if (info == null || e.result() == MojoResult.CANCELLED) {
                    return;
                }
                observe(info.watched, e.signalsState(), t, "trap event");
                // The handler's own choices: a function of the seed, the trigger and the event count.
                SplittableRandom r = SeedConfig.random(seed, (lane << 40) ^ (e.context() << 16) ^ handled++);
                if (r.nextInt(3) == 0) {
                    try {
                        trap.arm();
                    } catch (InvalidHandleException x) {
                        if (!closeRequested) {
                            log.find("trap", "re-arming trap " + lane + " from its handler: " + x.getMessage());
                        }
                    }
                }
                if (e.result() == MojoResult.OK && e.signalsState().satisfiesAny(Signals.READABLE) && r.nextInt(3) == 0) {
                    read(info.watched, r, log);
                }
            } finally {
                inHandler.set(false);
            }
        }
    }

    private TrapSlot newTrap() {
        TrapSlot t = new TrapSlot(nextContext.incrementAndGet());
        allTraps.add(t);
        return t;
    }

    private void replaceTrap(SplittableRandom r) {
        int i = r.nextInt(traps.length());
        TrapSlot old = traps.get(i);
        TrapSlot fresh = newTrap();
        if (traps.compareAndSet(i, old, fresh)) {
            old.closeRequested = true;
            old.trap.close();
        } else {
            fresh.closeRequested = true;
            fresh.trap.close();
        }
    }

    private void trapAdd(TrapSlot ts, Holder h, SplittableRandom r, Log log) {
        if (h.node != ts.node) {
            return; // a trap watches handles of its own node only
        }
        TriggerCondition condition = r.nextInt(5) == 0 ? TriggerCondition.SIGNALS_UNSATISFIED : TriggerCondition.SIGNALS_SATISFIED;
        TriggerInfo info = new TriggerInfo(nextContext.incrementAndGet(), h, randomSignals(r), condition);
        ts.triggers.put(info.key, info);
        add(info, ts.trap, () -> ts.closeRequested,
                () -> ts.trap.addTrigger(h.obj, info.signals, condition, info.key), "trap", log);
    }

    private void trapRemove(TrapSlot ts, SplittableRandom r, Log log) {
        remove(ts.triggers, true, () -> ts.closeRequested, t -> ts.trap.removeTrigger(t.key), "trap", r, log);
    }

    private void trapArm(TrapSlot ts, SplittableRandom r, Log log) {
        try {
            ArmResult a = ts.trap.arm(1 + r.nextInt(4));
            long t = tick();
            switch (a.result()) {
                case OK, NOT_FOUND -> {
                    if (!a.blockingEvents().isEmpty()) {
                        log.find("trap", "arm returned " + a.result() + " with blocking events " + a.blockingEvents());
                    }
                }
                case FAILED_PRECONDITION -> {
                    if (a.blockingEvents().isEmpty()) {
                        log.find("trap", "arm returned FAILED_PRECONDITION without blocking events");
                    }
                    for (TrapEvent e : a.blockingEvents()) {
                        TriggerInfo info = ts.triggers.get(e.context());
                        if (info == null || info.added == 2) {
                            log.find("trap", "arm reported a blocking event for unknown trigger " + e.context());
                        } else {
                            checkEventState(info, e, log, "blocking event");
                            observe(info.watched, e.signalsState(), t, "blocking event");
                        }
                    }
                }
                default -> log.find("trap", "arm returned " + a.result());
            }
        } catch (InvalidHandleException e) {
            if (!ts.closeRequested) {
                log.find("dead-handle", "arm of a trap nobody closed: " + e.getMessage());
            }
        }
    }

    /** An OK or FAILED_PRECONDITION event must agree with its trigger's condition and the state it carries. */
    private static void checkEventState(TriggerInfo info, TrapEvent e, Log log, String what) {
        SignalsState s = e.signalsState();
        boolean consistent = switch (e.result()) {
            case OK -> info.condition == TriggerCondition.SIGNALS_SATISFIED
                    ? s.satisfiesAny(info.signals)
                    : !s.satisfiesAll(info.signals);
            case FAILED_PRECONDITION -> info.condition == TriggerCondition.SIGNALS_SATISFIED
                    && !s.canSatisfyAny(info.signals) && !s.equals(SignalsState.NONE);
            default -> false;
        };
        if (!consistent) {
            log.find("trap", what + " " + e + " does not fit its trigger (" + info.condition + " " + info.signals + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Wait sets

    private final class WaitSetSlot {
        final Core node = nextNode();
        final WaitSet ws = node.createWaitSet();
        final Map<Long, Registered> entries = new ConcurrentHashMap<>();
        volatile boolean closeRequested;
    }

    private WaitSetSlot newWaitSet() {
        WaitSetSlot w = new WaitSetSlot();
        allWaitSets.add(w);
        return w;
    }

    private void waitSetAdd(WaitSetSlot ws, Holder h, SplittableRandom r, Log log) {
        if (h.node != ws.node) {
            return; // a wait set watches handles of its own node only
        }
        Registered info = new Registered(nextContext.incrementAndGet(), h, randomSignals(r));
        ws.entries.put(info.key, info);
        add(info, ws.ws, () -> ws.closeRequested, () -> ws.ws.add(h.obj, info.signals, info.key), "wait-set", log);
    }

    private void waitSetRemove(WaitSetSlot ws, SplittableRandom r, Log log) {
        // An entry stays until removed, even once its handle is closed: it must always be found.
        remove(ws.entries, false, () -> ws.closeRequested, e -> ws.ws.remove(e.key), "wait-set", r, log);
    }

    private void waitSetWait(WaitSetSlot ws, SplittableRandom r, Log log) {
        try {
            WaitSetResult w = ws.ws.wait(randomDeadline(r), 1 + r.nextInt(4));
            long t = tick();
            switch (w.result()) {
                case OK -> {
                    for (WaitSetResult.Entry e : w.entries()) {
                        checkEntry(ws, e, t, log);
                    }
                }
                case DEADLINE_EXCEEDED -> {}
                case CANCELLED -> {
                    if (!ws.closeRequested) {
                        log.find("wait-set", "wait returned CANCELLED on a wait set nobody closed");
                    }
                }
                default -> log.find("wait-set", "wait returned " + w.result());
            }
        } catch (InvalidHandleException e) {
            if (!ws.closeRequested) {
                log.find("dead-handle", "wait on a wait set nobody closed: " + e.getMessage());
            }
        }
    }

    private void checkEntry(WaitSetSlot ws, WaitSetResult.Entry e, long tick, Log log) {
        Registered info = ws.entries.get(e.cookie());
        if (info == null || info.added == 2) {
            log.find("wait-set", "wait reported cookie " + e.cookie() + ", which was never added");
            return;
        }
        SignalsState s = e.signalsState();
        Holder h = info.watched;
        boolean consistent = switch (e.result()) {
            case OK -> s.satisfiesAny(info.signals);
            case FAILED_PRECONDITION -> !s.canSatisfyAny(info.signals) && !s.equals(SignalsState.NONE);
            case CANCELLED -> s.equals(SignalsState.NONE) && h.isOrWasGone();
            default -> false;
        };
        if (!consistent) {
            log.find("wait-set", "entry " + e + " for " + info.signals + " on " + h + " does not fit (closeRequested "
                    + h.closeRequested + ", sent " + h.sent + ", sends " + h.sendsStarted.get() + "/" + h.sendsEnded.get() + ")");
        }
        if (e.result() != MojoResult.CANCELLED) {
            observe(h, s, tick, "wait set entry");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The end of the seed

    private Outcome finish(StressSystem.LiveCounts before, Log mainLog) {
        finalPhase = true;
        SplittableRandom r = SeedConfig.random(seed, -3);
        List<Finding> findings = new ArrayList<>();
        system.awaitQuiescence();
        for (WaitSetSlot w : snapshot(allWaitSets)) {
            w.closeRequested = true;
            w.ws.close();
        }
        // Drain every endpoint still held, and the endpoints that come out of their queues, until a
        // whole pass reads nothing: then every message still readable has been read.
        boolean any = true;
        while (any) {
            any = false;
            for (Holder h : held()) {
                while (read(h, r, mainLog)) {
                    any = true;
                }
            }
        }
        for (TrapSlot t : snapshot(allTraps)) {
            t.closeRequested = true;
            t.trap.close();
        }
        Set<Integer> aliveAtEnd = new HashSet<>();
        for (Holder h : held()) {
            aliveAtEnd.add(h.end);
        }
        for (Holder h : held()) {
            close(h);
        }
        system.awaitQuiescence();
        StressSystem.LiveCounts after = system.liveCounts();
        String excess = after.excessOver(before);
        if (!excess.isEmpty()) {
            findings.add(new Finding("leak", excess + " still alive after every handle was closed (before: " + before
                    + ", after: " + after + ")"));
        }
        List<Log> all = snapshot(logs);
        for (Log l : all) {
            findings.addAll(l.findings);
        }
        findings.addAll(strayLog.findings);
        for (String problem : system.problems()) {
            findings.add(new Finding("system", problem));
        }
        // Across nodes a HARD quota is checked on the receiving node after the write returned OK: the pipe
        // breaks there, and what its writer sent after the overrun is dropped (docs/architecture.md §3), so a
        // tail of such a stream may be missing though its receiver is alive. A gap never is.
        Set<Integer> tailMayBeCut = new HashSet<>();
        for (Map.Entry<Integer, PipeStats> e : pipes.entrySet()) {
            if (e.getValue().crossesNodes && e.getValue().hardQuotaEver) {
                tailMayBeCut.add(2 * e.getKey());
                tailMayBeCut.add(2 * e.getKey() + 1);
            }
        }
        findings.addAll(Ledger.checkMessages(all, aliveAtEnd, tailMayBeCut));
        findings.addAll(Ledger.checkPeerClosed(pipes));
        for (TrapSlot t : snapshot(allTraps)) {
            checkTrapEvents(t, findings);
        }
        long ops = handlerOps.get();
        long writes = 0;
        long reads = 0;
        for (Log l : all) {
            ops += l.ops;
            writes += l.writes.size();
            reads += l.reads.size();
        }
        return new Outcome(seed, ops, writes, reads, findings);
    }

    private List<Holder> held() {
        List<Holder> hs = new ArrayList<>();
        for (int i = 0; i < pool.length(); i++) {
            Holder h = pool.get(i);
            if (h != null) {
                hs.add(h);
            }
        }
        hs.addAll(snapshot(overflow));
        return hs;
    }

    private static <T> List<T> snapshot(List<T> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    /** Per trigger: only triggers whose addTrigger returned OK, valid events, exactly one CANCELLED, last. */
    private static void checkTrapEvents(TrapSlot ts, List<Finding> findings) {
        Map<Long, List<TrapEvent>> byContext = new java.util.LinkedHashMap<>();
        for (TrapEvent e : snapshot(ts.events)) {
            byContext.computeIfAbsent(e.context(), c -> new ArrayList<>()).add(e);
        }
        Log scratch = new Log(-3);
        for (TriggerInfo info : ts.triggers.values()) {
            List<TrapEvent> events = byContext.getOrDefault(info.key, List.of());
            if (info.added != 1) {
                if (!events.isEmpty()) {
                    findings.add(new Finding("trap", "trigger " + info.key + " whose addTrigger failed got events " + events));
                }
                continue;
            }
            long cancelled = events.stream().filter(e -> e.result() == MojoResult.CANCELLED).count();
            if (cancelled != 1) {
                findings.add(new Finding("trap", "trigger " + info.key + " on " + info.watched + " got " + cancelled
                        + " CANCELLED events (expected exactly one): " + events));
            } else if (events.getLast().result() != MojoResult.CANCELLED) {
                findings.add(new Finding("trap", "trigger " + info.key + " on " + info.watched
                        + " got an event after its CANCELLED: " + events));
            }
            for (TrapEvent e : events) {
                if (e.result() != MojoResult.CANCELLED) {
                    checkEventState(info, e, scratch, "event");
                } else if (!e.signalsState().equals(SignalsState.NONE)) {
                    scratch.find("trap", "CANCELLED event with signals " + e.signalsState());
                }
            }
        }
        for (Long context : byContext.keySet()) {
            if (!ts.triggers.containsKey(context)) {
                findings.add(new Finding("trap", "events for context " + context + ", which no trigger of this trap has"));
            }
        }
        findings.addAll(scratch.findings);
    }

    static String describe(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        StringBuilder b = new StringBuilder(t.toString());
        for (int i = 0; i < Math.min(8, st.length); i++) {
            b.append("\n        at ").append(st[i]);
        }
        return b.toString();
    }
}
