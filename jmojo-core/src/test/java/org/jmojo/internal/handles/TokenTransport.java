package org.jmojo.internal.handles;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.internal.node.EventTransport;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.ProtocolViolationException;

/**
 * For tests of the read token ({@link ReadTokenWait}): two nodes joined by queues, where frames from {@link #a} to
 * {@link #b} wait until someone delivers them: the test ({@link #deliverToB}) or a waiter on {@code b} holding the
 * token of that link ({@link #reader}), which counts what the waiter did with it and answers as the test scripts it.
 * Frames from {@code b} to {@code a} are delivered at once. No timing: {@link Reader#await} returns at once unless
 * the test makes it wait for a {@link Reader#wake}.
 */
final class TokenTransport {
    final LocalCore a = LocalCore.of(LocalCore.newNode());
    final LocalCore b = LocalCore.of(LocalCore.newNode());
    final Reader reader = new Reader();
    /** Guarded by itself: frames from a to b not delivered yet. */
    private final ArrayDeque<byte[]> toB = new ArrayDeque<>();

    TokenTransport() {
        a.attachTransport(new EventTransport() {
            @Override
            public void send(NodeName from, NodeName to, byte[] event, List<Fd> fds) {
                synchronized (toB) {
                    toB.add(event);
                }
            }
        });
        b.attachTransport(new EventTransport() {
            @Override
            public void send(NodeName from, NodeName to, byte[] event, List<Fd> fds) {
                accept(a, b.nodeName(), event);
            }

            @Override
            public DirectReader directReader(NodeName sender) {
                return sender.equals(a.nodeName()) ? reader : null;
            }
        });
    }

    private static void accept(LocalCore to, NodeName from, byte[] event) {
        try {
            to.acceptEvent(from, event);
        } catch (ProtocolViolationException e) {
            throw new AssertionError(e);
        }
    }

    /** Delivers every frame waiting for b, on this thread; returns how many. */
    int deliverToB() {
        int n = 0;
        while (true) {
            byte[] next;
            synchronized (toB) {
                next = toB.poll();
            }
            if (next == null) {
                return n;
            }
            accept(b, a.nodeName(), next);
            n++;
        }
    }

    int waitingForB() {
        synchronized (toB) {
            return toB.size();
        }
    }

    /** The token of the link from a to b. */
    final class Reader implements EventTransport.DirectReader {
        final AtomicInteger acquired = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger wants = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger awaits = new AtomicInteger();
        final AtomicInteger wakes = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        final List<Thread> readers = new ArrayList<>();
        final List<Runnable> handlerTasks = new ArrayList<>();
        /** How many tryAcquire calls answer false before one answers true. */
        volatile int refuseFirst;
        /** read() delivers nothing until the token has been taken this many times. */
        volatile int deliverFromAcquisition = 1;
        /** What wanted() answers. */
        volatile boolean wanted;
        /** When set, await() opens {@link #inAwait} and waits for a wake(). */
        volatile boolean awaitUntilWoken;
        final CountDownLatch inAwait = new CountDownLatch(1);
        /** Opened by the first release(). */
        final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch woken = new CountDownLatch(1);

        @Override
        public boolean tryAcquire() {
            if (refused.get() < refuseFirst) {
                refused.incrementAndGet();
                return false;
            }
            acquired.incrementAndGet();
            return true;
        }

        @Override
        public void want() {
            wants.incrementAndGet();
        }

        @Override
        public boolean wanted() {
            return wanted;
        }

        @Override
        public boolean read() {
            reads.incrementAndGet();
            synchronized (readers) {
                readers.add(Thread.currentThread());
            }
            if (acquired.get() >= deliverFromAcquisition) {
                deliverToB();
            }
            return true;
        }

        @Override
        public void await(int timeoutMillis) {
            awaits.incrementAndGet();
            if (awaitUntilWoken) {
                inAwait.countDown();
                try {
                    woken.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
            woken.countDown();
        }

        @Override
        public void release() {
            releases.incrementAndGet();
            released.countDown();
        }

        @Override
        public Executor handlerThread() {
            return task -> {
                synchronized (handlerTasks) {
                    handlerTasks.add(task);
                }
            };
        }

        void runHandlerTasks() {
            List<Runnable> tasks;
            synchronized (handlerTasks) {
                tasks = List.copyOf(handlerTasks);
                handlerTasks.clear();
            }
            tasks.forEach(Runnable::run);
        }
    }
}
