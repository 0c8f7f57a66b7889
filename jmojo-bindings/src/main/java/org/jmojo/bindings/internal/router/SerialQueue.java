package org.jmojo.bindings.internal.router;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks one at a time, in submission order, on an {@link Executor} of the user's choice: a
 * receiver's dispatch queue, or a remote's callback queue. At most one executor task drains the queue
 * at a time, so tasks never overlap even on a pool.
 *
 * <p>The one exception to the order: a thread that is blocked in a {@code [Sync]} call while it runs
 * a task of this queue takes the queue's sync tasks out of order ({@link #pollSync}) and runs them
 * itself, as Mojo's sync re-entrancy requires. Such a thread registers a {@link SyncWaiter}, which
 * {@link #submit} wakes for every sync task.
 *
 * <p>Thread-safe. {@link #lock} guards {@link #tasks} and {@link #draining}; it is never held while a
 * task runs, while the executor is called, or while a waiter is woken.
 */
public final class SerialQueue {

    private static final System.Logger LOG = System.getLogger(SerialQueue.class.getName());

    /** A task; {@code sync} marks a sync request that a waiting sync call may run early. */
    record Task(boolean sync, Runnable body) {}

    private final Executor executor;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    /** Guarded by {@link #lock}: an executor task is draining {@link #tasks}. */
    private boolean draining;
    /** Threads blocked in a sync call while running one of our tasks. */
    private final Set<SyncWaiter> waiters = new CopyOnWriteArraySet<>();

    /**
     * The executor of the direct path: runs a task on the calling thread, at once, or right after
     * the pipe-reading turn that submitted it ({@link DirectDelivery#runDirect}). A queue on it
     * drains on the thread that submits to it while it is idle; its pipe is read on the thread that
     * wrote to it ({@link DirectDelivery}).
     */
    public static final Executor DIRECT = new Executor() {
        @Override
        public void execute(Runnable task) {
            DirectDelivery.runDirect(task);
        }

        @Override
        public String toString() {
            return "the direct executor of jmojo's bindings";
        }
    };

    /** A queue that drains on {@code executor}. */
    public SerialQueue(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Whether this queue runs on {@link #DIRECT}: its tasks run on the thread that delivers them. */
    public boolean isDirect() {
        return executor == DIRECT;
    }

    /** Queues {@code task}; it runs after every task queued before it (or early, see the class comment). */
    void submit(Task task) {
        boolean start;
        lock.lock();
        try {
            tasks.add(task);
            start = !draining;
            draining = true;
        } finally {
            lock.unlock();
        }
        if (task.sync()) {
            for (SyncWaiter w : waiters) {
                w.wake();
            }
        }
        if (start) {
            startDrain();
        }
    }

    /** Hands the drain to the executor; called by whoever set {@link #draining}. */
    private void startDrain() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "a bindings executor refused work; its queued tasks are dropped", e);
            lock.lock();
            try {
                tasks.clear();
                draining = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Makes the calling thread this queue's drainer in place of the executor, if no drain is running: tasks
     * submitted meanwhile wait for {@link #runBorrowed} on this thread; {@link #giveBack} ends it. For a
     * caller blocked on a future of this queue's remote ({@link Connection#readOnCaller}).
     */
    boolean borrow() {
        lock.lock();
        try {
            if (draining) {
                return false;
            }
            draining = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** On the borrowing thread: runs the oldest queued task; whether there was one. */
    boolean runBorrowed() {
        Task next;
        lock.lock();
        try {
            next = tasks.poll();
        } finally {
            lock.unlock();
        }
        if (next == null) {
            return false;
        }
        run(next);
        return true;
    }

    /** Whether tasks are queued. */
    boolean hasTasks() {
        lock.lock();
        try {
            return !tasks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** On the borrowing thread: ends the {@link #borrow}; the executor drains what is left. */
    void giveBack() {
        boolean start;
        lock.lock();
        try {
            start = !tasks.isEmpty();
            draining = start;
        } finally {
            lock.unlock();
        }
        if (start) {
            startDrain();
        }
    }

    /** Takes the oldest sync task out of the queue, or returns null. */
    Task pollSync() {
        lock.lock();
        try {
            for (Iterator<Task> it = tasks.iterator(); it.hasNext();) {
                Task t = it.next();
                if (t.sync()) {
                    it.remove();
                    return t;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    void addWaiter(SyncWaiter waiter) {
        waiters.add(waiter);
    }

    void removeWaiter(SyncWaiter waiter) {
        waiters.remove(waiter);
    }

    private void drain() {
        while (true) {
            Task next;
            lock.lock();
            try {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            run(next);
        }
    }

    /** Runs a task; an exception escaping it is logged, and the queue goes on. */
    static void run(Task task) {
        try {
            task.body().run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "a bindings task threw", e);
        }
    }
}
