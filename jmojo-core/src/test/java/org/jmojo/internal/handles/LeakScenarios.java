package org.jmojo.internal.handles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.jmojo.internal.platform.TestFiles;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;

/**
 * Programs that drop handle objects, run by {@link LeakDetectorTest} in a fresh JVM each (so that the
 * leak count and the reports start from zero and the heap holds nothing else). Prints {@code key=value}
 * lines on standard output; the leak detector's reports go to standard error through the default
 * {@link System.Logger} backend.
 *
 * <p>No sleeps: each waits by forcing collections in a bounded loop, waiting on a handle with a deadline
 * between them.
 */
final class LeakScenarios {
    private static final Core CORE = Core.instance();
    private static final int ROUNDS = 200;

    private LeakScenarios() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "drop-one" -> dropOne();
            case "drop-pipes" -> dropPipes(Integer.parseInt(args[1]));
            case "drop-platform" -> dropPlatformHandle(Path.of(args[1]));
            default -> throw new IllegalArgumentException("no scenario " + args[0]);
        }
    }

    /**
     * One open endpoint dropped (its peer kept), beside three dropped objects that hold nothing: one
     * whose handle was sent in a message, one emptied by {@code pass()}, one closed. Only the first is a
     * leak.
     */
    private static void dropOne() {
        MessagePipe carrier = CORE.createMessagePipe();
        MessagePipeEndpoint kept = createAndDropEnd0();
        NotLeaks others = dropNotLeaks(carrier.end0());
        boolean peerClosed = awaitPeerClosed(kept);
        int rounds = 0;
        while (!others.collected() && rounds++ < ROUNDS) {
            System.gc();
            CORE.wait(kept, Signals.READABLE, Deadline.after(Duration.ofMillis(10)));
        }
        System.out.println("kept=0x" + Integer.toHexString(kept.value()));
        System.out.println("peerClosed=" + peerClosed);
        System.out.println("othersCollected=" + others.collected());
        System.out.println("leaked=" + LeakDetector.leakedCount());
        System.out.println("passedStillOpen=" + others.passedTo().isValid());
        others.passedTo().close();
        kept.close();
        carrier.end1().readMessage().message().closeHandles();
        carrier.close();
    }

    /**
     * One platform handle dropped while it owns a descriptor of {@code file}: forces collections until no
     * descriptor of this process points at the file any more.
     */
    private static void dropPlatformHandle(Path file) {
        try (MessagePipe idle = CORE.createMessagePipe()) {
            Path target = TestFiles.file(file.getParent(), file.getFileName().toString(), "leaked");
            System.out.println("dropped=0x" + Integer.toHexString(wrapAndDrop(target)));
            boolean closed = false;
            for (int i = 0; i < ROUNDS && !closed; i++) {
                System.gc();
                CORE.wait(idle.end0(), Signals.READABLE, Deadline.after(Duration.ofMillis(10)));
                closed = TestFiles.pointingAt(target) == 0;
            }
            System.out.println("fdClosed=" + closed);
            System.out.println("leaked=" + LeakDetector.leakedCount());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int wrapAndDrop(Path target) throws IOException {
        return CORE.wrapFileChannel(FileChannel.open(target, StandardOpenOption.READ)).value();
    }

    /** Weak references to three dropped objects that own nothing, and the object one of them passed to. */
    private record NotLeaks(WeakReference<Handle> sent, WeakReference<Handle> passed, WeakReference<Handle> closed,
            MessagePipeEndpoint passedTo) {
        boolean collected() {
            return sent.get() == null && passed.get() == null && closed.get() == null;
        }
    }

    /**
     * Makes three objects that are dropped when this method returns but hold no open handle: one whose
     * handle was sent over {@code carrier}, one emptied by {@code pass()}, one closed.
     */
    private static NotLeaks dropNotLeaks(MessagePipeEndpoint carrier) {
        MessagePipe cargo = CORE.createMessagePipe();
        carrier.writeMessage(new byte[0], List.of(cargo.end0()));
        MessagePipeEndpoint passedTo = cargo.end1().pass();
        MessagePipe shortLived = CORE.createMessagePipe();
        shortLived.close();
        return new NotLeaks(new WeakReference<>(cargo.end0()), new WeakReference<>(cargo.end1()),
                new WeakReference<>(shortLived.end0()), passedTo);
    }

    /** Creates a pipe and returns its end1; the caller never sees end0 (the creation site of the leak). */
    private static MessagePipeEndpoint createAndDropEnd0() {
        MessagePipe pipe = CORE.createMessagePipe();
        System.out.println("dropped=0x" + Integer.toHexString(pipe.end0().value()));
        return pipe.end1();
    }

    /** Forces collections until {@code end} sees PEER_CLOSED, at most {@link #ROUNDS} times. */
    private static boolean awaitPeerClosed(MessagePipeEndpoint end) {
        for (int i = 0; i < ROUNDS; i++) {
            System.gc();
            if (CORE.wait(end, Signals.PEER_CLOSED, Deadline.after(Duration.ofMillis(50))).result() == MojoResult.OK) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops {@code count} pipes without closing either end, then forces collections until the handle
     * table and the node are back to where they started, and reports the heap used before and after.
     */
    private static void dropPipes(int count) {
        LocalCore local = LocalCore.of(Core.instance());
        CORE.createMessagePipe().close(); // everything jmojo creates once is there before the baseline
        long before = usedHeapAfterGc();
        int handlesBefore = local.liveHandleCount();
        int portsBefore = local.portCount();
        for (int i = 0; i < count; i++) {
            CORE.createMessagePipe();
        }
        int rounds = 0;
        MessagePipe probe = CORE.createMessagePipe();
        while ((local.liveHandleCount() > handlesBefore + 2 || local.portCount() > portsBefore + 2)
                && rounds++ < ROUNDS) {
            System.gc();
            // A bounded pause between collections that is not a sleep: the cleaner thread works meanwhile.
            CORE.wait(probe.end0(), Signals.READABLE, Deadline.after(Duration.ofMillis(20)));
        }
        probe.close();
        long after = usedHeapAfterGc();
        System.out.println("gcRounds=" + rounds);
        System.out.println("handlesLeft=" + (local.liveHandleCount() - handlesBefore));
        System.out.println("portsLeft=" + (local.portCount() - portsBefore));
        System.out.println("leaked=" + LeakDetector.leakedCount());
        System.out.println("heapBefore=" + before);
        System.out.println("heapAfter=" + after);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
