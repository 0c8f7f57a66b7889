package org.jmojo.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitResult;

/**
 * {@code ./jmojo example threads} (the first version of {@code ./jmojo demo}, in one process): two "programs", each a named thread that owns one end of a
 * message pipe, talk over it, pass a second pipe through it, measure round trips over the passed pipe,
 * and close, printing each step (who writes what, which signals each side sees, PEER_CLOSED at the end).
 *
 * <p>Exits with status 0 when both programs finish; if either fails, the failure propagates out of
 * {@code main} (status 1). Takes a few seconds.
 */
public final class ThreadsExample {
    private static final int WARMUP_ROUND_TRIPS = 20_000;
    private static final int ROUND_TRIPS = 10_000;
    private static final int PAYLOAD_BYTES = 64;
    private static final Signals READABLE_OR_CLOSED = Signals.of(Signals.READABLE, Signals.PEER_CLOSED);

    private final Core core = Core.instance();

    ThreadsExample() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(new ThreadsExample().run());
    }

    /**
     * Runs both programs to the end and returns the exit status, 0.
     *
     * @throws IllegalStateException if either program failed (the first failure is the cause, any other
     *     is suppressed)
     */
    int run() throws InterruptedException {
        MessagePipe main = core.createMessagePipe();
        say("main", "created pipe P: the client gets one end, the service the other");
        MessagePipeEndpoint clientEnd = main.end0().pass();
        MessagePipeEndpoint serviceEnd = main.end1().pass();

        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread service = Thread.ofPlatform().name("service").start(guard(() -> service(serviceEnd), failures));
        Thread client = Thread.ofPlatform().name("client").start(guard(() -> client(clientEnd), failures));
        client.join();
        service.join();
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException("the demo failed", failures.poll());
            failures.forEach(failed::addSuppressed);
            throw failed;
        }
        say("main", "both programs finished");
        return 0;
    }

    // ---- the client program ----------------------------------------------------------------------

    private void client(MessagePipeEndpoint p) {
        try (p) {
            say("client", "signals on P: " + p.querySignalsState().satisfied());
            write(p, "hello, service", List.of(), "P");

            Message reply = read(p, "P");
            say("client", "read '" + text(reply) + "' with " + reply.handles().size() + " handle attached");
            try (MessagePipeEndpoint q = reply.handle(0, MessagePipeEndpoint.class)) {
                say("client", "got the passed pipe Q (handle " + hex(q.value()) + "), signals "
                        + q.querySignalsState().satisfied());
                long[] rtt = roundTrips(q);
                Arrays.sort(rtt);
                say("client", String.format(
                        "%,d round trips of %d bytes over Q: median %.1f µs, p99 %.1f µs, max %.1f µs",
                        rtt.length, PAYLOAD_BYTES, micros(rtt[rtt.length / 2]),
                        micros(rtt[(int) (rtt.length * 0.99)]), micros(rtt[rtt.length - 1])));
                say("client", "closing Q");
            }
            write(p, "bye", List.of(), "P");
            WaitResult w = core.wait(p, Signals.PEER_CLOSED, Deadline.INFINITE);
            say("client", "wait(P, PEER_CLOSED) -> " + w.result() + ", signals " + w.signalsState().satisfied());
            say("client", "read on P now -> " + p.readMessage().result() + ", write on P -> "
                    + p.writeMessage(new byte[1]));
        }
    }

    /** Times round trips over {@code q}; the service echoes each message. Returns nanoseconds per trip. */
    private long[] roundTrips(MessagePipeEndpoint q) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        long[] rtt = new long[ROUND_TRIPS];
        say("client", String.format("warming up with %,d round trips over Q, then timing %,d", WARMUP_ROUND_TRIPS,
                ROUND_TRIPS));
        for (int i = 0; i < WARMUP_ROUND_TRIPS + ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            check(q.writeMessage(payload), "write on Q");
            ReadResult r;
            while ((r = q.readMessage()).result() == MojoResult.SHOULD_WAIT) {
                core.wait(q, READABLE_OR_CLOSED, Deadline.INFINITE);
            }
            check(r.result(), "read on Q");
            if (i >= WARMUP_ROUND_TRIPS) {
                rtt[i - WARMUP_ROUND_TRIPS] = System.nanoTime() - start;
            }
        }
        return rtt;
    }

    // ---- the service program ---------------------------------------------------------------------

    private void service(MessagePipeEndpoint p) {
        try (p) {
            Message hello = read(p, "P");
            say("service", "read '" + text(hello) + "'");

            MessagePipe q = core.createMessagePipe();
            MessagePipeEndpoint mine = q.end0();
            say("service", "created pipe Q; sending one end of it through P");
            MessagePipeEndpoint theirs = q.end1();
            write(p, "here is a private pipe", List.of(theirs), "P");
            say("service", "after the write, my object for the sent end is valid? " + theirs.isValid());

            try (mine) {
                long echoed = echoUntilClosed(mine);
                say("service", String.format("Q: echoed %,d messages, then read -> FAILED_PRECONDITION", echoed));
                say("service", "signals on Q: " + mine.querySignalsState().satisfied()
                        + " (the client closed its end)");
            }
            Message bye = read(p, "P");
            say("service", "read '" + text(bye) + "'; closing P");
        }
    }

    private long echoUntilClosed(MessagePipeEndpoint q) {
        long echoed = 0;
        while (true) {
            ReadResult r = q.readMessage();
            switch (r.result()) {
                case OK -> {
                    check(q.writeMessage(r.message().bytes()), "echo on Q");
                    echoed++;
                }
                case SHOULD_WAIT -> core.wait(q, READABLE_OR_CLOSED, Deadline.INFINITE);
                case FAILED_PRECONDITION -> {
                    return echoed;
                }
                default -> throw new IllegalStateException("read on Q: " + r.result());
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void write(MessagePipeEndpoint e, String text, List<MessagePipeEndpoint> handles, String pipe) {
        String with = handles.isEmpty() ? "" : " with " + handles.size() + " handle(s)";
        say(Thread.currentThread().getName(), "writes '" + text + "'" + with + " on " + pipe);
        check(e.writeMessage(text.getBytes(UTF_8), handles), "write on " + pipe);
    }

    /** Waits for the next message on {@code e}, printing the signals that ended the wait. */
    private Message read(MessagePipeEndpoint e, String pipe) {
        while (true) {
            ReadResult r = e.readMessage();
            if (r.isOk()) {
                return r.message();
            }
            check(r.result() == MojoResult.SHOULD_WAIT ? MojoResult.OK : r.result(), "read on " + pipe);
            WaitResult w = core.wait(e, READABLE_OR_CLOSED, Deadline.INFINITE);
            say(Thread.currentThread().getName(), "wait(" + pipe + ", READABLE|PEER_CLOSED) -> " + w.result() + ", signals "
                    + w.signalsState().satisfied());
        }
    }

    private static void check(MojoResult r, String what) {
        if (r != MojoResult.OK) {
            throw new IllegalStateException(what + " returned " + r);
        }
    }

    private static Runnable guard(Runnable body, ConcurrentLinkedQueue<Throwable> failures) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        };
    }

    private static synchronized void say(String who, String what) {
        System.out.printf("%-10s %s%n", "[" + who + "]", what);
    }

    private static String text(Message m) {
        return new String(m.bytes(), UTF_8);
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
