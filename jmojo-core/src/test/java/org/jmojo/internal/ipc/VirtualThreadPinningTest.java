package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jmojo.internal.multinode.Nodes;
import org.jmojo.internal.multinode.SocketNetwork;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * §5: "Under load from virtual threads, JFR must record no {@code jdk.VirtualThreadPinned} event." Many virtual
 * threads write, wait and read on pipes, in one node and across two nodes joined by a socket, while JFR records
 * pinning with threshold 0. A control run first shows the recording does catch a pinned virtual thread.
 */
@Timeout(300)
class VirtualThreadPinningTest {
    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PAIRS = 32;
    private static final int ROUND_TRIPS = 300;

    @TempDir
    Path dir;

    @Test
    void control_virtualThreadParkingInAClassInitializer_recordedAsPinned() throws Exception {
        List<RecordedEvent> pinned = recordPinning("control", () -> {
            Thread v = Thread.ofVirtual().unstarted(PinsInItsInitializer::touch);
            Control.owner = v; // not a field of the initialised class: touching it here would initialise it
            v.start();
            // Release it once it is parked (pinned: a class initializer is a VM frame).
            Thread.State state;
            while ((state = v.getState()) != Thread.State.WAITING && state != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            assertThat(state).as("the virtual thread parks in the initializer").isEqualTo(Thread.State.WAITING);
            Control.RELEASE.countDown();
            join(v);
            return null;
        });
        assertThat(pinned).as("the recording sees a pinned virtual thread").isNotEmpty();
    }

    @Test
    void virtualThreadsOnPipes_localAndAcrossASocket_noPinnedEvent() throws Exception {
        try (SocketNetwork network = new SocketNetwork(false)) {
            Core a = Nodes.newNode();
            network.join(a);
            Core b = Nodes.newNode();
            network.join(b);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<RecordedEvent> pinned = recordPinning("load", () -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < PAIRS; i++) {
                    MessagePipe pipe = i % 2 == 0 ? a.createMessagePipe() : Nodes.pipeBetween(a, b);
                    Core far = i % 2 == 0 ? a : b;
                    threads.add(Thread.ofVirtual().start(guard(failures, () -> pingPong(a, pipe.end0(), true))));
                    threads.add(Thread.ofVirtual().start(guard(failures, () -> pingPong(far, pipe.end1(), false))));
                }
                threads.forEach(VirtualThreadPinningTest::join);
                return null;
            });
            assertThat(failures).as("every virtual thread did its round trips").isEmpty();
            assertThat(pinned).as("pinned virtual threads:%n%s", describe(pinned)).isEmpty();
        }
    }

    /** {@link #ROUND_TRIPS} numbered round trips; the first side writes first. Closes its end at the end. */
    private static void pingPong(Core core, MessagePipeEndpoint end, boolean first) {
        try (end) {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                if (first) {
                    check(end.writeMessage(ByteBuffer.allocate(4).putInt(i).array()));
                }
                check(core.wait(end, Signals.READABLE, Deadline.after(WAIT)).result());
                ReadResult r = end.readMessage();
                check(r.result());
                if (ByteBuffer.wrap(r.message().bytes()).getInt() != i) {
                    throw new AssertionError("round trip " + i + " read another message");
                }
                if (!first) {
                    check(end.writeMessage(r.message().bytes()));
                }
            }
        }
    }

    private static void check(MojoResult r) {
        if (r != MojoResult.OK) {
            throw new AssertionError(r);
        }
    }

    private static Runnable guard(ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        };
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code load} under a JFR recording of pinned virtual threads (threshold 0) and returns the events. */
    private List<RecordedEvent> recordPinning(String name, Supplier<Void> load) throws Exception {
        Path file = dir.resolve(name + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            load.get();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> pinned = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals(PINNED)) {
                pinned.add(e);
            }
        }
        assertThat(Files.size(file)).isPositive();
        return pinned;
    }

    private static String describe(List<RecordedEvent> events) {
        StringBuilder s = new StringBuilder();
        for (RecordedEvent e : events) {
            s.append(e).append('\n');
        }
        return s.toString();
    }

    /** Who {@link PinsInItsInitializer} parks, and its release. */
    private static final class Control {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static volatile Thread owner;
    }

    /** Parks its first user in its initializer until released: a virtual thread parked there is pinned. */
    private static final class PinsInItsInitializer {
        static {
            if (Thread.currentThread() == Control.owner) {
                try {
                    Control.RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        static void touch() {
            // Running the initializer is the point.
        }
    }
}
