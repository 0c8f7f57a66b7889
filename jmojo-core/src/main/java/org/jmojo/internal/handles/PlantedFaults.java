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

    private static final String KIND = kind();
    private static final boolean LOSE = KIND.equals("lose");
    private static final boolean DUP = KIND.equals("dup");
    private static final boolean REORDER = KIND.equals("reorder");
    private static final boolean CORRUPT = KIND.equals("corrupt");
    /** A read goes through {@link #getMessage}. */
    static final boolean READS = LOSE || DUP || REORDER || CORRUPT;
    /** A close may skip retiring the handle value ({@link #keepRetiredValue}). */
    static final boolean LEAK = KIND.equals("leak");
    /** Ending a wait may skip the unpark ({@link #loseWakeUp}). */
    static final boolean HANG = KIND.equals("hang");

    /** One message in this many (of those without handles) is hit by a read fault. */
    private static final int READ_PERIOD = 101;

    private static final AtomicLong COUNTER = new AtomicLong();
    /** dup, reorder: the message a dispatcher returns at its next read instead of reading. */
    private static final ConcurrentHashMap<EndpointDispatcher, LocalMessage> HELD_BACK = new ConcurrentHashMap<>();

    private PlantedFaults() {}

    private static String kind() {
        String k = System.getProperty(PROPERTY, "");
        if (!k.isEmpty() && !k.matches("lose|dup|reorder|corrupt|leak|hang")) {
            throw new IllegalArgumentException(PROPERTY + " names no fault: '" + k + "' (lose, dup, reorder, corrupt, leak, hang)");
        }
        return k;
    }

    /** {@code d}'s read, with the planted read fault. */
    static ReadOutcome getMessage(EndpointDispatcher d) {
        LocalMessage back = HELD_BACK.remove(d);
        if (back != null) {
            return new ReadOutcome(ReadOutcome.Status.OK, back);
        }
        ReadOutcome o = d.core.node.getMessage(d.port, d);
        if (o.status() != ReadOutcome.Status.OK
                || !((LocalMessage) o.message()).attachments().isEmpty()
                || COUNTER.incrementAndGet() % READ_PERIOD != 0) {
            return o;
        }
        LocalMessage m = (LocalMessage) o.message();
        if (LOSE) {
            return d.core.node.getMessage(d.port, d);
        }
        if (CORRUPT) {
            m.bytes()[m.bytes().length / 2] ^= 0x5a;
            return o;
        }
        if (DUP) {
            HELD_BACK.put(d, m);
            return o;
        }
        ReadOutcome next = d.core.node.getMessage(d.port, d); // REORDER
        if (next.status() != ReadOutcome.Status.OK) {
            return o;
        }
        HELD_BACK.put(d, m);
        return next;
    }

    /** leak: whether this close keeps the handle value in the table (one close in 53). */
    static boolean keepRetiredValue() {
        return COUNTER.incrementAndGet() % 53 == 0;
    }

    /** hang: whether this wake-up is lost (one in 3). */
    static boolean loseWakeUp() {
        return COUNTER.incrementAndGet() % 3 == 0;
    }
}
