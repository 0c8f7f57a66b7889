package org.jmojo.bindings.internal.router;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The direct path: a pipe whose primary binding asked for direct dispatch (a receiver on
 * {@link org.jmojo.bindings.DispatchSequence#direct()}, a remote with direct callbacks) is read on the
 * thread that wrote to it, right after that write, instead of on a reader thread of its own.
 *
 * <p><b>How.</b> Every Mojo call of the bindings that can wake a peer (a write, closing a pipe) runs in
 * a {@link #enter() scope} of this thread. The peer's pipe watcher is notified by the core at the end
 * of that Mojo call (trap handlers run there, with no lock held) and hands its turn to
 * {@link #executor}, which, inside a scope, only queues it on this thread; when the outermost scope
 * closes, after the bindings released their own locks, this thread runs the queued turns itself. So a
 * call from a remote to a direct receiver, and the response back to a direct remote, is read,
 * dispatched and completed on the caller's thread, with no hand-off (gRPC's {@code directExecutor}
 * does the same in process). A turn is never run inside a Mojo call, under a bindings lock, or in a
 * trap handler.
 *
 * <p><b>Reading before dispatching.</b> A turn only reads: a direct queue that a turn submits to
 * ({@link SerialQueue#DIRECT}) runs its tasks right after the turn, on the same thread, once the
 * watcher has re-armed. So a request whose implementation makes a blocking {@code [Sync]} call does
 * not hold its pipe's reader on the stack: a later message on that pipe (the nested request of a
 * service that calls back) is read by whoever writes it, as sync re-entrancy needs.
 *
 * <p><b>Fallbacks.</b> A watcher notified outside a scope (a raw write through the system API, another
 * process's I/O thread, binding a pipe with messages already queued) hands its turn to
 * {@code fallback}, as an ordinary pipe does. A thread that already runs {@value #MAX_NESTED_TURNS}
 * nested turns (say, a chain of direct services each calling the next from its implementation) hands
 * the new turns to {@code fallback} too, which bounds its stack.
 *
 * <p><b>Every pipe's turns are turns.</b> A pipe on the default path reads on a reader thread of its
 * own, but its turns go through {@link #onReaderThread} too: a direct binding on such a pipe (an
 * associated receiver bound on a direct sequence, an associated remote with direct callbacks) then
 * also runs after the reading turn, never inside it.
 *
 * <p><b>Threads.</b> The state is per thread ({@link #STATE}); nothing here is shared.
 */
final class DirectDelivery {

    /** Nested turns one thread runs before it hands further turns to the fallback executor. */
    static final int MAX_NESTED_TURNS = 16;

    private static final System.Logger LOG = System.getLogger(DirectDelivery.class.getName());

    /**
     * Per thread: the scopes open, the nested drains of queued turns, the turns queued by the current
     * scope (with their fallbacks), the turns running, and the direct tasks those turns deferred.
     */
    static final class State {
        int depth;
        int drains;
        final ArrayDeque<Runnable> ready = new ArrayDeque<>();
        final ArrayDeque<Executor> fallbacks = new ArrayDeque<>();
        int inTurn;
        final ArrayList<Runnable> deferred = new ArrayList<>();
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private DirectDelivery() {}

    /**
     * The executor of a direct pipe's watcher: inside a scope of the calling thread it queues the turn
     * for that thread to run when the scope closes; elsewhere it hands it to {@code fallback}.
     */
    static Executor executor(Executor fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return turn -> {
            State s = STATE.get();
            if (s.depth > 0) {
                s.ready.add(turn);
                s.fallbacks.add(fallback);
            } else {
                fallback.execute(() -> runTurn(STATE.get(), turn));
            }
        };
    }

    /**
     * The executor of a default pipe's watcher: each turn runs on {@code readers}, as a turn (the
     * direct tasks it submits run after it).
     */
    static Executor onReaderThread(Executor readers) {
        Objects.requireNonNull(readers, "readers");
        return turn -> readers.execute(() -> runTurn(STATE.get(), turn));
    }

    /** Runs {@code turn}, work that reads a pipe outside a watcher (a held message resumed), as a turn. */
    static void runTurn(Runnable turn) {
        runTurn(STATE.get(), turn);
    }

    /**
     * Runs {@code task} of a direct queue: at once, or, inside a turn of this thread, right after that
     * turn (see the class comment).
     */
    static void runDirect(Runnable task) {
        State s = STATE.get();
        if (s.inTurn > 0) {
            s.deferred.add(task);
        } else {
            task.run();
        }
    }

    /** Runs one watcher turn, then the direct tasks it deferred, in order. */
    private static void runTurn(State s, Runnable turn) {
        int mark = s.deferred.size();
        s.inTurn++;
        try {
            turn.run();
        } catch (RuntimeException | Error e) {
            // A watcher turn lets a callback's exception reach its executor; the bindings' callbacks
            // catch their own, so this is a bug: log it and go on.
            LOG.log(System.Logger.Level.ERROR, "a direct pipe turn threw", e);
        } finally {
            s.inTurn--;
        }
        while (s.deferred.size() > mark) {
            Runnable task = s.deferred.remove(mark);
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "a direct task threw", e);
            }
        }
    }

    /**
     * Opens a scope around a Mojo call of the bindings; close it with {@link #exit} in a
     * {@code finally}, after releasing every lock taken inside it.
     */
    static State enter() {
        State s = STATE.get();
        s.depth++;
        return s;
    }

    /** Closes a scope; the outermost one runs the turns queued in it, on this thread. */
    static void exit(State s) {
        if (--s.depth > 0 || s.ready.isEmpty()) {
            return;
        }
        if (s.drains >= MAX_NESTED_TURNS) {
            while (!s.ready.isEmpty()) {
                Runnable turn = s.ready.poll();
                s.fallbacks.poll().execute(() -> runTurn(STATE.get(), turn));
            }
            return;
        }
        s.drains++;
        try {
            Runnable turn;
            while ((turn = s.ready.poll()) != null) {
                s.fallbacks.poll();
                runTurn(s, turn);
            }
        } finally {
            s.drains--;
        }
    }
}
