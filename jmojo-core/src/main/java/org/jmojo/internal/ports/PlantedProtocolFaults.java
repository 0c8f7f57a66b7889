package org.jmojo.internal.ports;

/**
 * Deliberate bugs in the ports protocol, for the test that shows the deterministic simulation catches them
 * ({@code org.jmojo.simulation.PlantedProtocolFaultsTest}). Never active in normal use: every flag is a
 * {@code static final} read once from the system property {@value #PROPERTY}, false unless that property
 * names a fault when this class loads, so the JIT drops each hook ({@code if (FLAG && …)}) from the code it
 * compiles. The test sets the property only in a JVM of its own.
 *
 * <p>The faults:
 * <ul>
 *   <li>{@code skip-sender-check}: a port takes a sequenced event whose sending port is its expected previous
 *       sender without checking the node the event came from (so a stolen port name passes);
 *   <li>{@code forget-closure}: one close in {@value #PERIOD} of a port whose peer is on another node sends no
 *       observe-closure;
 *   <li>{@code drop-event}: one user message in {@value #PERIOD} leaving for another node is dropped instead of
 *       forwarded;
 *   <li>{@code drop-ack}: one observe-proxy-ack in {@value #PERIOD} leaving for another node is dropped, so the
 *       proxy it answers never learns its last number and is never removed;
 *   <li>{@code skip-merge-handover}: one merge in {@value #PERIOD} that leaves proxies does not send the second
 *       merged port's update-previous-peer (its old peer keeps expecting it, and holds the other's events);
 *   <li>{@code forget-descriptor-names}: a descriptor naming a port a descriptor made on this node before, now gone,
 *       makes it again (a replay makes this node speak to that port's peer again under a used name, and the peer
 *       cuts this innocent node off).
 * </ul>
 */
final class PlantedProtocolFaults {
    /** The system property naming the fault to plant. */
    static final String PROPERTY = "jmojo.internal.plantedProtocolFault";

    private static final String KIND = kind();
    static final boolean SKIP_SENDER_CHECK = KIND.equals("skip-sender-check");
    static final boolean FORGET_CLOSURE = KIND.equals("forget-closure");
    static final boolean DROP_EVENT = KIND.equals("drop-event");
    static final boolean DROP_ACK = KIND.equals("drop-ack");
    static final boolean SKIP_MERGE_HANDOVER = KIND.equals("skip-merge-handover");
    static final boolean FORGET_DESCRIPTOR_NAMES = KIND.equals("forget-descriptor-names");

    /** One occasion in this many fires a counted fault. */
    static final int PERIOD = 7;

    /** Only the simulation's single thread touches it, and only with a fault planted. */
    private static int counter;

    private PlantedProtocolFaults() {}

    private static String kind() {
        String k = System.getProperty(PROPERTY, "");
        if (!k.isEmpty() && !k.matches("skip-sender-check|forget-closure|drop-event|drop-ack|skip-merge-handover|forget-descriptor-names")) {
            throw new IllegalArgumentException(PROPERTY + " names no fault: '" + k
                    + "' (skip-sender-check, forget-closure, drop-event, drop-ack, skip-merge-handover, forget-descriptor-names)");
        }
        return k;
    }

    /** Whether this occasion fires the planted fault (one in {@link #PERIOD}). */
    static boolean fire() {
        return ++counter % PERIOD == 0;
    }
}
