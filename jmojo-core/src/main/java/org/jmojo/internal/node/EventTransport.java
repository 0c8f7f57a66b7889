package org.jmojo.internal.node;

import java.util.List;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.ports.NodeName;

/**
 * Where a node puts the encoded events it sends to other nodes: a channel per peer node, in time a socket
 * (DESIGN.md §4), today the in-memory links of {@code org.jmojo.internal.multinode.SimulatedNetwork}.
 *
 * <p>Called from the ports layer's delivery loop with no jmojo lock held, from any thread; implementations
 * are thread-safe. Delivery normally happens later, from whoever drives the receiving side. A transport
 * may also deliver from inside {@link #send}, on the sending thread (the immediate mode of
 * {@code SimulatedNetwork}), provided it never recurses: a frame produced while it delivers, including one
 * for the sending node, waits until the delivery in progress returns. The ports layer allows that
 * re-entry: a node called back while this thread drains it defers the resulting work to that drain.
 */
@FunctionalInterface
public interface EventTransport {
    /**
     * Queues one encoded event (docs/ports-wire.md: the 48-byte header and its body) from node {@code from}
     * for node {@code to}, with the descriptors that travel beside it (a frame's fds, in order; empty unless the
     * event is a user message carrying platform handles). The array and the descriptors are the transport's from
     * here on: it hands both to the receiving node together ({@code LocalCore.acceptEvent(from, bytes, fds)}),
     * or closes the descriptors if the frame is never delivered (a lost channel, a dead node). It must not close
     * them before the receiver has them: over a socket, they are closed after the {@code sendmsg} that carries
     * the frame's first byte (the receiver then has its own copies).
     */
    void send(NodeName from, NodeName to, byte[] event, List<Fd> fds);

    /**
     * {@link #send(NodeName, NodeName, byte[], List)} of an event given in two parts, as
     * {@link EventTranslation.EncodedEvent} gathers a user message: the event is {@code head}, then {@code payload},
     * then zeros to a multiple of 8. {@code payload} is the message's own array: the transport may read it until
     * the event is written or queued, and must not keep or change it. A transport that writes frames gathers the
     * two into its frame; this default joins them into one array first.
     */
    default void send(NodeName from, NodeName to, byte[] head, byte[] payload, List<Fd> fds) {
        send(from, to, EventTranslation.EncodedEvent.joined(head, payload), fds);
    }

    /**
     * The read token of this node's channel to {@code sender}, for a platform thread waiting on a port whose
     * messages come straight from there (docs/concurrency.md, "The read token"); null if the transport has none (no
     * channel to that node, or one that nobody but the transport reads). Thread-safe.
     */
    default DirectReader directReader(NodeName sender) {
        return null;
    }

    /**
     * One channel's read token as a waiting thread uses it: take it, read and dispatch what arrived exactly as the
     * transport's own reader would, wait on the channel, give it back. Between {@link #tryAcquire} and
     * {@link #release}, the calling thread is the channel's only reader; it holds no lock meanwhile.
     */
    interface DirectReader {
        /** Takes the token for the calling thread if it is free; the transport's own reader then leaves the channel alone. */
        boolean tryAcquire();

        /**
         * Asks the holder to let go soon (a waiter that could not take the token): the newest waiter reads, an
         * older one parks. Any thread.
         */
        void want();

        /** Whether another waiter asked for the token since this holder took it (holder only). */
        boolean wanted();

        /**
         * Reads what the channel has now and dispatches every complete frame on this thread (holder only).
         *
         * @return false once the channel is closed
         */
        boolean read();

        /**
         * Waits until the channel has bytes (or room for queued writes, which it then writes), {@link #wake} is called,
         * or {@code timeoutMillis} pass (holder only).
         */
        void await(int timeoutMillis);

        /** Makes the holder's {@link #await} return now, or its next one at once. Any thread. */
        void wake();

        /** Gives the token back (holder only); the transport's reader takes over what remains. */
        void release();

        /** Where trap handlers caused by frames the holder dispatches run: the transport's reader thread. */
        java.util.concurrent.Executor handlerThread();
    }
}
