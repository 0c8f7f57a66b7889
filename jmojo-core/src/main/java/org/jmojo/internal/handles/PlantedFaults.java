package org.jmojo.internal.handles;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jmojo.internal.ports.ReadOutcome;

/**
 * Deliberate bugs, for the test that shows the randomized stress test catches them
 * ({@code org.jmojo.stress.PlantedFaultsTest}). Never active in normal use: every flag below is a
 * {@code static final} read once from the system property {@value #PROPERTY}, false unless that
 * property names a fault when this class loads, so the JIT drops each hook ({@code if (FLAG) …}) from
 * the code it compiles. The stress test sets the property only in a JVM of its own.
 *
 * <p>The static hooks act for the process's fault ({@link #PLANTED}); an instance plants one fault of
 * its own, with its own counter, so that {@code PlantedFaultHooksTest} checks each fault in the test's
 * JVM, where none is planted.
 *
 * <p>The faults, each firing now and then, not always:
 * <ul>
 *   <li>{@code lose}: a read drops a message (without handles) and returns the next one;
 *   <li>{@code dup}: a read returns a message (without handles) again at the next read;
 *   <li>{@code reorder}: a read returns the message after the next one first;
 *   <li>{@code corrupt}: a read flips a byte of a message's payload;
 *   <li>{@code leak}: a close leaves the handle's value in the handle table;
 *   <li>{@code hang}: the thread that ends a wait forgets to wake the waiter (a lost wake-up: a wait
 *       with a deadline still ends then, one without hangs).
 * </ul>
 */
final class PlantedFaults {
    /** The system property naming the fault to plant. */
    static final String PROPERTY = "jmojo.internal.plantedFault";

    /** The fault of this process: the one the property names, or none. */
    private static final PlantedFaults PLANTED = new PlantedFaults(System.getProperty(PROPERTY, ""));
    /** A read goes through {@link #getMessage}. */
    static final boolean READS = PLANTED.reads;
    /** A close may skip retiring the handle value ({@link #keepRetiredValue}). */
    static final boolean LEAK = PLANTED.leak;
    /** Ending a wait may skip the unpark ({@link #loseWakeUp}). */
    static final boolean HANG = PLANTED.hang;

    /** One message in this many (of those without handles) is hit by a read fault. */
    static final int READ_PERIOD = 101;
    /** One close in this many keeps its handle value (leak). */
    static final int LEAK_PERIOD = 53;
    /** One wake-up in this many is lost (hang). */
    static final int HANG_PERIOD = 3;

    private final boolean lose;
    private final boolean dup;
    private final boolean corrupt;
    private final boolean reads;
    private final boolean leak;
    private final boolean hang;
    /** Counts the messages (without handles) read, the closes or the wake-ups, whichever this fault hits. */
    private final AtomicLong counter = new AtomicLong();
    /** dup, reorder: the message a dispatcher returns at its next read instead of reading. */
    private final ConcurrentHashMap<EndpointDispatcher, LocalMessage> heldBack = new ConcurrentHashMap<>();

    /**
     * Plants {@code kind}: one of lose, dup, reorder, corrupt, leak, hang, or the empty string for none.
     *
     * @throws IllegalArgumentException if {@code kind} names no fault
     */
    PlantedFaults(String kind) {
        if (!kind.isEmpty() && !kind.matches("lose|dup|reorder|corrupt|leak|hang")) {
            throw new IllegalArgumentException(PROPERTY + " names no fault: '" + kind + "' (lose, dup, reorder, corrupt, leak, hang)");
        }
        lose = kind.equals("lose");
        dup = kind.equals("dup");
        corrupt = kind.equals("corrupt");
        reads = lose || dup || corrupt || kind.equals("reorder");
        leak = kind.equals("leak");
        hang = kind.equals("hang");
    }

    /** {@code d}'s read, with the process's read fault. */
    static ReadOutcome getMessage(EndpointDispatcher d) {
        return PLANTED.read(d);
    }

    /** leak: whether this close keeps the handle value in the table. */
    static boolean keepRetiredValue() {
        return PLANTED.keepsRetiredValue();
    }

    /** hang: whether this wake-up is lost. */
    static boolean loseWakeUp() {
        return PLANTED.losesWakeUp();
    }

    /** {@code d}'s read, with this read fault (a plain read if this fault is not a read fault). */
    ReadOutcome read(EndpointDispatcher d) {
        LocalMessage back = heldBack.remove(d);
        if (back != null) {
            return new ReadOutcome(ReadOutcome.Status.OK, back);
        }
        ReadOutcome o = d.core.node.getMessage(d.port, d);
        if (!reads
                || o.status() != ReadOutcome.Status.OK
                || !((LocalMessage) o.message()).attachments().isEmpty()
                || counter.incrementAndGet() % READ_PERIOD != 0) {
            return o;
        }
        LocalMessage m = (LocalMessage) o.message();
        if (lose) {
            return d.core.node.getMessage(d.port, d);
        }
        if (corrupt) {
            m.bytes()[m.bytes().length / 2] ^= 0x5a;
            return o;
        }
        if (dup) {
            heldBack.put(d, m);
            return o;
        }
        ReadOutcome next = d.core.node.getMessage(d.port, d); // reorder
        if (next.status() != ReadOutcome.Status.OK) {
            return o;
        }
        heldBack.put(d, m);
        return next;
    }

    /** Whether this close keeps the handle value in the table: one in {@value #LEAK_PERIOD} if leak. */
    boolean keepsRetiredValue() {
        return leak && counter.incrementAndGet() % LEAK_PERIOD == 0;
    }

    /** Whether this wake-up is lost: one in {@value #HANG_PERIOD} if hang. */
    boolean losesWakeUp() {
        return hang && counter.incrementAndGet() % HANG_PERIOD == 0;
    }
}
