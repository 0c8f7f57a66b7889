package org.jmojo.benchmarks;

import java.util.List;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * The two-thread arrangements the core benchmarks compare: a jmojo message pipe and two baselines, each
 * with a peer thread started here. Every transport copies the payload on send, as
 * {@link MessagePipeEndpoint#writeMessage(byte[])} does, so the comparison is of hand-off, not of
 * copying.
 *
 * <ul>
 *   <li>{@code jmojo}: a message pipe; an empty queue makes the reader wait with
 *       {@link Core#wait}, which spins for {@link Core#waitSpinNanos()} and then parks.
 *   <li>{@code jmojo-passed}: the same, but the echoing thread's endpoint was first sent through another
 *       pipe and read back (the usual life of a Mojo interface pipe).
 *   <li>{@code agrona}: Agrona's {@link OneToOneConcurrentArrayQueue} with both threads busy-spinning:
 *       the in-process floor (it burns a core per waiting thread).
 *   <li>{@code ltq}: {@link LinkedTransferQueue} with blocking {@code take()}: what a JDK user would
 *       write.
 * </ul>
 *
 * <p>The concrete classes are package-private so that the interleaved benchmarks, which run every
 * transport in one JVM, can call them directly rather than through a megamorphic interface call.
 */
final class Transports {
    /** Transport names, as used in the benchmarks' {@code transport} parameter. */
    static final String JMOJO = "jmojo";
    /** jmojo over a pipe whose echoing end first travelled through another pipe, as Mojo interfaces do. */
    static final String JMOJO_PASSED = "jmojo-passed";
    static final String AGRONA = "agrona";
    static final String LTQ = "ltq";

    /** Messages a producer may have in flight before it waits for the consumer (bounds every queue). */
    static final int WINDOW = 1024;

    private static final Signals READABLE_OR_CLOSED = Signals.of(Signals.READABLE, Signals.PEER_CLOSED);
    private static final byte[] STOP = new byte[0];

    private Transports() {}

    /** The benchmark thread's side of a request/echo pair; the echoing thread runs until {@link #close()}. */
    interface Echo extends AutoCloseable {
        /** Sends {@code payload} and returns the peer's echo of it. */
        byte[] roundTrip(byte[] payload);

        /** Stops the peer thread and waits for it. */
        @Override
        void close();
    }

    /** The producer side of a one-way stream; a consumer thread drains it until {@link #close()}. */
    interface Sink extends AutoCloseable {
        /** Sends one message, first waiting while {@link #WINDOW} messages are unconsumed. */
        void send(byte[] payload);

        @Override
        void close();
    }

    static Echo echo(String transport) {
        return switch (transport) {
            case JMOJO -> new JmojoEcho(false);
            case JMOJO_PASSED -> new JmojoEcho(true);
            case AGRONA -> new AgronaEcho();
            case LTQ -> new TransferQueueEcho();
            default -> throw new IllegalArgumentException(
                    "unknown transport (jmojo, jmojo-passed, agrona, ltq): " + transport);
        };
    }

    static Sink sink(String transport) {
        return switch (transport) {
            case JMOJO -> new JmojoSink();
            case AGRONA -> new AgronaSink();
            case LTQ -> new TransferQueueSink();
            default -> throw new IllegalArgumentException("unknown sink transport (jmojo, agrona, ltq): " + transport);
        };
    }

    private static Thread start(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon().start(body);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + t.getName(), e);
        }
    }

    static void check(MojoResult r, String what) {
        if (r != MojoResult.OK) {
            throw new IllegalStateException(what + " returned " + r);
        }
    }

    /** Reads the next message from {@code e}, waiting as needed; {@code null} once the peer is closed. */
    static byte[] readBlocking(Core core, MessagePipeEndpoint e) {
        while (true) {
            ReadResult r = e.readMessage();
            switch (r.result()) {
                case OK -> {
                    return r.message().bytes();
                }
                case SHOULD_WAIT -> core.wait(e, READABLE_OR_CLOSED, Deadline.INFINITE);
                case FAILED_PRECONDITION -> {
                    return null;
                }
                default -> throw new IllegalStateException("read returned " + r.result());
            }
        }
    }

    // ---- round trip ------------------------------------------------------------------------------

    static final class JmojoEcho implements Echo {
        private final Core core = Core.instance();
        private final MessagePipe pipe;
        private final Thread peer;

        JmojoEcho(boolean passEchoingEnd) {
            MessagePipe p = core.createMessagePipe();
            if (passEchoingEnd) {
                try (MessagePipe carrier = core.createMessagePipe()) {
                    check(carrier.end0().writeMessage(new byte[0], List.of(p.end1())), "passing the endpoint");
                    ReadResult r = carrier.end1().readMessage();
                    check(r.result(), "reading the passed endpoint");
                    p = new MessagePipe(p.end0(), r.message().handle(0, MessagePipeEndpoint.class));
                }
            }
            pipe = p;
            peer = start("jmojo-echo", this::echo);
        }

        private void echo() {
            MessagePipeEndpoint e = pipe.end1();
            byte[] m;
            while ((m = readBlocking(core, e)) != null) {
                check(e.writeMessage(m), "echo write");
            }
        }

        @Override
        public byte[] roundTrip(byte[] payload) {
            check(pipe.end0().writeMessage(payload), "request write");
            return readBlocking(core, pipe.end0());
        }

        @Override
        public void close() {
            pipe.end0().close();
            join(peer);
            pipe.end1().close();
        }
    }

    static final class AgronaEcho implements Echo {
        private final OneToOneConcurrentArrayQueue<byte[]> requests = new OneToOneConcurrentArrayQueue<>(WINDOW);
        private final OneToOneConcurrentArrayQueue<byte[]> replies = new OneToOneConcurrentArrayQueue<>(WINDOW);
        private volatile boolean running = true;
        private final Thread peer = start("agrona-echo", this::echo);

        private void echo() {
            while (running) {
                byte[] m = requests.poll();
                if (m == null) {
                    Thread.onSpinWait();
                    continue;
                }
                while (!replies.offer(m.clone())) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public byte[] roundTrip(byte[] payload) {
            byte[] copy = payload.clone();
            while (!requests.offer(copy)) {
                Thread.onSpinWait();
            }
            byte[] reply;
            while ((reply = replies.poll()) == null) {
                Thread.onSpinWait();
            }
            return reply;
        }

        @Override
        public void close() {
            running = false;
            join(peer);
        }
    }

    static final class TransferQueueEcho implements Echo {
        private final LinkedTransferQueue<byte[]> requests = new LinkedTransferQueue<>();
        private final LinkedTransferQueue<byte[]> replies = new LinkedTransferQueue<>();
        private final Thread peer = start("ltq-echo", this::echo);

        private void echo() {
            try {
                byte[] m;
                while ((m = requests.take()) != STOP) {
                    replies.put(m.clone());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public byte[] roundTrip(byte[] payload) {
            requests.put(payload.clone());
            try {
                return replies.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in a round trip", e);
            }
        }

        @Override
        public void close() {
            requests.put(STOP);
            join(peer);
        }
    }

    // ---- one-way throughput ----------------------------------------------------------------------

    /** The window shared by every sink: the producer's count against the consumer's published count. */
    private abstract static class Windowed implements Sink {
        /** Messages the consumer has taken; written only by the consumer thread. */
        final AtomicLong consumed = new AtomicLong();
        /** Messages sent; touched only by the producer thread. */
        private long sent;
        /** Keeps the consumer's reads of the payload observable, so they cannot be optimised away. */
        volatile long checksum;

        final void awaitWindow() {
            while (sent - consumed.get() >= WINDOW) {
                Thread.onSpinWait();
            }
            sent++;
        }
    }

    static final class JmojoSink extends Windowed {
        private final Core core = Core.instance();
        private final MessagePipe pipe = core.createMessagePipe();
        private final Thread consumer = start("jmojo-consumer", this::consume);

        private void consume() {
            long n = 0;
            long sum = 0;
            byte[] m;
            while ((m = readBlocking(core, pipe.end1())) != null) {
                sum += m.length;
                consumed.setRelease(++n);
            }
            checksum = sum;
        }

        @Override
        public void send(byte[] payload) {
            awaitWindow();
            check(pipe.end0().writeMessage(payload), "write");
        }

        @Override
        public void close() {
            pipe.end0().close();
            join(consumer);
            pipe.end1().close();
        }
    }

    static final class AgronaSink extends Windowed {
        private final OneToOneConcurrentArrayQueue<byte[]> queue = new OneToOneConcurrentArrayQueue<>(WINDOW);
        private volatile boolean running = true;
        private final Thread consumer = start("agrona-consumer", this::consume);

        private void consume() {
            long n = 0;
            long sum = 0;
            while (running) {
                byte[] m = queue.poll();
                if (m == null) {
                    Thread.onSpinWait();
                    continue;
                }
                sum += m.length;
                consumed.setRelease(++n);
            }
            checksum = sum;
        }

        @Override
        public void send(byte[] payload) {
            awaitWindow();
            byte[] copy = payload.clone();
            while (!queue.offer(copy)) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() {
            running = false;
            join(consumer);
        }
    }

    static final class TransferQueueSink extends Windowed {
        private final LinkedTransferQueue<byte[]> queue = new LinkedTransferQueue<>();
        private final Thread consumer = start("ltq-consumer", this::consume);

        private void consume() {
            long n = 0;
            long sum = 0;
            try {
                byte[] m;
                while ((m = queue.take()) != STOP) {
                    sum += m.length;
                    consumed.setRelease(++n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checksum = sum;
        }

        @Override
        public void send(byte[] payload) {
            awaitWindow();
            queue.put(payload.clone());
        }

        @Override
        public void close() {
            queue.put(STOP);
            join(consumer);
        }
    }
}
