package org.jmojo.internal.multinode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ipc.NodeChannels;
import org.jmojo.internal.platform.NativeException;
import org.jmojo.internal.platform.UnixSocket;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.system.Core;

/**
 * Nodes of one JVM joined by real channels: every pair of joined nodes gets a Unix socket pair, each node its
 * own I/O thread ({@link NodeChannels}), so events cross as frames on sockets and are delivered
 * asynchronously on the receiving node's I/O thread, as between processes.
 *
 * <h2>Settling</h2>
 * A network made with {@code settleAfterSend} makes every thread that sends an event frame, unless it is one
 * of the network's I/O threads, wait after the write until the network is quiet: every event frame written
 * has been handled by its receiving node (with the trap handlers it caused) or dropped with its channel, and
 * so have the frames those caused in turn. A caller doing one thing at a time then sees a call's effects on
 * the other nodes by the time it returns, as with {@link SimulatedNetwork#immediate()}, and the core's
 * semantic tests run unchanged over sockets. The difference that remains: trap handlers caused on the far
 * node run on that node's I/O thread, not on the calling thread. I/O threads never wait (a handler that
 * writes from one would otherwise wait for itself).
 *
 * <p>Thread-safe. The accounting lock is a leaf lock: nothing is called while it is held.
 */
public final class SocketNetwork implements AutoCloseable {
    private final boolean settleAfterSend;
    private final List<NodeChannels> members = new ArrayList<>();

    /** Leaf: guards the counts below; waiters for quiet park on {@link #quiet}. */
    private final ReentrantLock accounting = new ReentrantLock();
    private final Condition quiet = accounting.newCondition();
    // @GuardedBy("accounting") per link (from, to): {frames written and not yet handled, 1 once the link ended}
    private final Map<List<NodeName>, long[]> links = new HashMap<>();
    // @GuardedBy("accounting") frames written and neither handled nor dropped with their channel
    private long inFlight;

    /** @param settleAfterSend whether a sender waits until the network is quiet (see the class comment) */
    public SocketNetwork(boolean settleAfterSend) {
        this.settleAfterSend = settleAfterSend;
    }

    /**
     * Joins {@code core}'s node: its channels are made (with its I/O thread) and it gets a socket pair to every
     * node joined before.
     *
     * @throws IllegalStateException if the node is joined to another transport already
     */
    public void join(Core core) throws NativeException {
        NodeChannels joining = NodeChannels.of(LocalCore.of(Objects.requireNonNull(core, "core")));
        joining.tap(new Accounting());
        List<NodeChannels> before;
        synchronized (members) {
            before = new ArrayList<>(members);
            members.add(joining);
        }
        for (NodeChannels other : before) {
            UnixSocket.Pair pair = UnixSocket.pair(true);
            joining.connectIntroduced(pair.first(), other.name());
            other.connectIntroduced(pair.second(), joining.name());
        }
    }

    /** The channels of each joined node, in joining order. */
    public List<NodeChannels> members() {
        synchronized (members) {
            return List.copyOf(members);
        }
    }

    /** Event frames written and not yet handled (or dropped with their channel). */
    public long framesInFlight() {
        accounting.lock();
        try {
            return inFlight;
        } finally {
            accounting.unlock();
        }
    }

    /** Waits until no event frame is in flight. Must not be called on an I/O thread of this network. */
    public void awaitQuiet() {
        accounting.lock();
        try {
            while (inFlight != 0) {
                quiet.awaitUninterruptibly();
            }
        } finally {
            accounting.unlock();
        }
    }

    private boolean onIoThread() {
        if (NodeChannels.holdsReadTokenOnCurrentThread()) {
            return true; // a read-token holder, standing for its node's I/O thread
        }
        for (NodeChannels m : members()) {
            if (m.ioThread().isCurrentThread()) {
                return true;
            }
        }
        return false;
    }

    private final class Accounting implements NodeChannels.Tap {
        @Override
        public void sending(NodeName from, NodeName to) {
            count(from, to, 1);
        }

        @Override
        public void written(NodeName from, NodeName to, boolean sent) {
            if (!sent) {
                handled(from, to); // never to be handled: its channel is closed
            }
            if (settleAfterSend && !onIoThread()) {
                awaitQuiet();
            }
        }

        @Override
        public void handled(NodeName from, NodeName to) {
            count(from, to, -1);
        }

        /** Adds {@code delta} frames in flight on the link from {@code from} to {@code to}, unless it ended. */
        private void count(NodeName from, NodeName to, int delta) {
            accounting.lock();
            try {
                long[] link = links.computeIfAbsent(List.of(from, to), k -> new long[2]);
                if (link[1] == 0) {
                    link[0] += delta;
                    decrement(-delta);
                }
            } finally {
                accounting.unlock();
            }
        }

        @Override
        public void channelEnded(NodeName self, NodeName peer) {
            accounting.lock();
            try {
                // What the peer sent this node and it never handled will not be handled now.
                long[] link = links.computeIfAbsent(List.of(peer, self), k -> new long[2]);
                if (link[1] == 0) {
                    decrement(link[0]);
                    link[0] = 0;
                    link[1] = 1;
                }
            } finally {
                accounting.unlock();
            }
        }

        /** Caller holds the accounting lock. */
        private void decrement(long n) {
            inFlight -= n;
            if (inFlight == 0) {
                quiet.signalAll();
            }
        }
    }

    @Override
    public void close() {
        for (NodeChannels m : members()) {
            m.close();
        }
    }
}
