package org.jmojo.stress;

import java.util.List;
import java.util.SplittableRandom;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * The system the stress test runs against: where its pipes come from, which {@link Core} it waits
 * with, and how it counts what is alive. Everything else the stress test does goes through the public
 * API of {@code org.jmojo.system}, so another implementation of this interface runs the same workload
 * and the same checks against another arrangement: for instance pipes whose two ends live on different
 * nodes (issue 8).
 *
 * <p>What an implementation must provide for the checks to stay sound:
 * <ul>
 *   <li>{@link #createMessagePipe} returns a fresh pipe owned by the caller;
 *   <li>{@link #awaitQuiescence()} returns once every message written before the call has reached its
 *       receiving queue (in one process: at once), so that a final drain finds everything;
 *   <li>{@link #liveCounts()} counts what would leak: once every handle the test made is closed (and
 *       the system is quiescent), it is back where it was before the seed.
 * </ul>
 */
public interface StressSystem {
    /** A short name for reports, e.g. {@code local}. */
    String name();

    /** The Core whose waits, traps and wait sets the test uses for this system's handles (one node's). */
    Core core();

    /**
     * Every node's Core, {@link #core()} first. A handle is used through the Core of its node
     * ({@link #coreOf}); traps and wait sets are spread over these.
     */
    default List<Core> nodes() {
        return List.of(core());
    }

    /** The Core of the node that owns {@code end}, an endpoint of a pipe this system made (or read from one). */
    default Core coreOf(MessagePipeEndpoint end) {
        return core();
    }

    /** A pipe with both ends on {@code node}'s node (one of {@link #nodes()}), to carry its handles. */
    default MessagePipe createLocalPipe(Core node) {
        return node.createMessagePipe();
    }

    /**
     * Whether a handle may be attached to a message written on an end whose peer is on another node. Until
     * endpoints move between nodes such a write answers {@code UNIMPLEMENTED}, so the test attaches handles
     * only on pipes whose two ends share a node, and always handles of the writer's node.
     */
    default boolean movesEndpointsAcrossNodes() {
        return true;
    }

    /** The options of {@code ./jmojo stress} that choose this system, with a leading space; empty for the default. */
    default String replayOptions() {
        return "";
    }

    /** Problems the system itself saw during the seed (protocol violations between nodes); empty if none. */
    default List<String> problems() {
        return List.of();
    }

    /**
     * Creates a pipe. {@code random} is the calling worker's generator: an implementation that places the
     * ends (on one node or another) must take that choice from it, so that a seed fixes it.
     */
    MessagePipe createMessagePipe(SplittableRandom random);

    /** Waits until every message written so far has arrived in its receiving queue. */
    void awaitQuiescence();

    /** The counters of live resources compared before and after a seed. */
    LiveCounts liveCounts();

    /**
     * Live handles, ports, and ports recorded as queued in a message (or whatever else an implementation
     * counts under these names).
     */
    record LiveCounts(long handles, long ports, long portsInTransit) {
        /** What this has more of than {@code before}, as text; empty if nothing. */
        String excessOver(LiveCounts before) {
            StringBuilder b = new StringBuilder();
            append(b, handles - before.handles, "handle(s)");
            append(b, ports - before.ports, "port(s)");
            append(b, portsInTransit - before.portsInTransit, "port(s) recorded in transit");
            return b.toString();
        }

        private static void append(StringBuilder b, long excess, String what) {
            if (excess > 0) {
                b.append(b.isEmpty() ? "" : " and ").append(excess).append(' ').append(what);
            }
        }

        @Override
        public String toString() {
            return handles + " handles, " + ports + " ports, " + portsInTransit + " in transit";
        }
    }
}
