package org.jmojo.internal.channel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jmojo.internal.platform.Epoll;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.platform.NativeException;

/**
 * A node's I/O thread (DESIGN.md §5): one platform thread running an epoll loop over the node's
 * channel sockets and an eventfd that wakes it for its task queue.
 *
 * <p>Per wake-up, for each ready channel it takes the channel's read token (if a waiter holds it, it
 * does nothing: the waiter re-arms the socket when it lets go), reads until {@code EAGAIN} or
 * {@link #READ_BUDGET} bytes so that one busy peer cannot starve the others, dispatches each complete
 * frame to the channel's listener, finishes refused writes on {@code EPOLLOUT}, then gives the token
 * back, which re-arms the one-shot registration. After the events it runs the queued tasks.
 *
 * <p>Thread-safe: {@link #register}, {@link #execute} and {@link #close} may be called from any thread.
 * Listeners and tasks run on this thread and must not block it: the reply they would wait for is read
 * by this very thread. One that does is reported, with this thread's stack, by the {@link IoWatchdog}.
 */
public final class IoThread implements Executor, AutoCloseable {
    /** Bytes read from one channel per wake-up before the loop moves on (fairness). */
    public static final long READ_BUDGET = 256 * 1024;
    private static final System.Logger LOG = System.getLogger("org.jmojo.channel");
    private static final long WAKEUP_KEY = 0;

    private final Epoll epoll;
    private final EventFd wakeup;
    private final Thread thread;
    /** Registered channels by epoll key. Written by any thread, read by the loop. */
    private final ConcurrentHashMap<Long, UnixChannel> channels = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong(WAKEUP_KEY + 1);
    /** The task queue (lock-free; DESIGN.md §5's "I/O task-queue lock" is this queue). */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * True from an enqueue that signalled the eventfd until the loop has drained it; while true, later
     * enqueues skip the system call. The loop drains, then clears, then runs the queue.
     */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean stopping;
    /**
     * Progress, for the {@link IoWatchdog}: written by this thread only. {@code unitStarted} is the
     * {@code System.nanoTime()} at which the current unit of work (one ready channel, or one task) began, 0 while
     * none runs; {@code unitsDone} counts finished units. The watchdog reads both and writes neither.
     */
    private volatile long unitStarted;
    private volatile long unitsDone;
    /** The {@code unitsDone} value of the last unit reported, so each stall is reported once (set by compare-and-set). */
    private final AtomicLong reportedUnit = new AtomicLong(-1);

    /** Starts the thread, named {@code name}. */
    public IoThread(String name) throws NativeException {
        epoll = new Epoll(64);
        try {
            wakeup = new EventFd();
            epoll.add(wakeup.fd(), Epoll.IN, WAKEUP_KEY);
        } catch (NativeException | RuntimeException e) {
            epoll.close();
            throw e;
        }
        thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
        thread.start();
        IoWatchdog.watch(this);
    }

    /** The thread's name (as in stall reports). */
    public String name() {
        return thread.getName();
    }

    /** The platform thread's id (tests: its allocation counter). */
    public long threadId() {
        return thread.threadId();
    }

    /** Marks the start of a unit of work on this thread. */
    private void beginUnit() {
        unitStarted = System.nanoTime() | 1; // never 0, which means "idle"
    }

    /** Marks the end of the unit begun by {@link #beginUnit}. */
    private void endUnit() {
        unitStarted = 0;
        unitsDone = unitsDone + 1; // single writer
    }

    /**
     * Called by the watchdog thread (and tests): a report if the current unit has run for {@code thresholdNanos} and was not
     * reported yet, else null. Reads this thread's volatile progress fields; a unit that ends meanwhile is at
     * worst reported late, never twice, and an idle thread never.
     */
    IoWatchdog.Stall checkStall(long now, long thresholdNanos) {
        long done = unitsDone;
        long started = unitStarted;
        long reported = reportedUnit.get();
        if (started == 0 || now - started < thresholdNanos || done == reported || unitsDone != done
                || !reportedUnit.compareAndSet(reported, done)) {
            return null;
        }
        return new IoWatchdog.Stall(thread.getName(), java.time.Duration.ofNanos(now - started), tasks.size(),
                thread.getStackTrace());
    }

    /** Whether the calling thread is this I/O thread. */
    public boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Starts reading {@code channel} on this thread. A channel is registered with one I/O thread, once. A channel that
     * is closed already (its first write met a dead peer: {@code EPIPE}, {@code ECONNRESET}) is not watched, and this
     * returns quietly: its close has told its listener, which is all a watch could have done.
     *
     * @throws NativeException if the socket cannot be added to the epoll set (the channel is then closed)
     */
    public void register(UnixChannel channel) throws NativeException {
        if (stopping) {
            throw new IllegalStateException("I/O thread " + thread.getName() + " is closed");
        }
        long key = nextKey.getAndIncrement();
        channels.put(key, channel);
        channel.attach(this, key);
        try {
            epoll.add(channel.socket(), Epoll.IN | Epoll.RDHUP | Epoll.ONESHOT, key);
        } catch (NativeException e) {
            channel.close(CloseReason.IO_ERROR, e.getMessage());
            throw e;
        } catch (IllegalStateException socketClosed) {
            if (!channel.isClosed()) {
                throw socketClosed;
            }
            // Closed before or while it was added (issue 9: a peer that died as this side said hello made the
            // caller, an invitee, fail with this exception instead of UNAVAILABLE): nothing to watch.
            deregister(key, channel.socket());
            return;
        }
        // A frame written before registration may be queued: the next re-arm adds EPOLLOUT. Force one.
        execute(() -> {
            if (channel.tryAcquireReadToken(this)) {
                channel.releaseReadToken(this);
            }
        });
    }

    void rearm(Fd socket, int interest, long key) throws NativeException {
        if (!stopping) {
            epoll.modify(socket, interest, key);
        }
    }

    void deregister(long key, Fd socket) {
        channels.remove(key);
        try {
            epoll.delete(socket);
        } catch (NativeException | IllegalStateException e) {
            // The socket is already closed or was never added: nothing is registered any more.
        }
    }

    /**
     * Runs {@code task} on this thread after the current batch of events.
     *
     * @throws RejectedExecutionException once the thread is closed
     */
    @Override
    public void execute(Runnable task) {
        if (stopping) {
            throw new RejectedExecutionException("I/O thread " + thread.getName() + " is closed");
        }
        tasks.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            try {
                wakeup.signal();
            } catch (NativeException | IllegalStateException e) {
                throw new RejectedExecutionException("cannot wake I/O thread " + thread.getName(), e);
            }
        }
    }

    /** Number of registered channels (tests, stats). */
    public int channelCount() {
        return channels.size();
    }

    private void loop() {
        try {
            while (!stopping) {
                int n = epoll.await(-1);
                for (int i = 0; i < n; i++) {
                    long key = epoll.data(i);
                    if (key == WAKEUP_KEY) {
                        // Drain first, then clear: a signal made between the two is consumed here but its
                        // task still runs below, and any enqueue after the clear signals again. (Clearing
                        // first could let the drain eat a signal and leave the flag set with nothing pending:
                        // every later task would then wait forever.)
                        wakeup.drain();
                        wakeupPending.set(false);
                        continue;
                    }
                    UnixChannel channel = channels.get(key);
                    if (channel != null) {
                        beginUnit();
                        try {
                            channel.onReady(this, epoll.events(i));
                        } catch (RuntimeException e) {
                            // A bug in one channel must not stop the others: close that one, keep looping.
                            LOG.log(System.Logger.Level.ERROR, "channel " + channel + " failed on its I/O thread", e);
                            channel.close(CloseReason.IO_ERROR, "failed on the I/O thread: " + e);
                        } finally {
                            endUnit();
                        }
                    }
                }
                runTasks();
            }
        } catch (NativeException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "I/O thread " + thread.getName() + " failed; its channels close", e);
        } finally {
            stopping = true;
            IoWatchdog.unwatch(this);
            for (UnixChannel channel : channels.values()) {
                channel.close(CloseReason.LOCAL, "I/O thread stopped");
            }
            runTasks();
            wakeup.close();
            epoll.close();
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            beginUnit();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "task on I/O thread " + thread.getName() + " failed", e);
            } finally {
                endUnit();
            }
        }
    }

    /**
     * Stops the loop; the thread then closes every channel still registered ({@link CloseReason#LOCAL}),
     * runs the tasks already queued and frees the epoll set and eventfd. Waits for the thread to end
     * unless called from it. Idempotent.
     */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        try {
            wakeup.signal();
        } catch (NativeException | IllegalStateException e) {
            // The loop has ended and closed the eventfd already.
        }
        if (!isCurrentThread()) {
            thread.join();
        }
    }
}
