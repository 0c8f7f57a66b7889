package org.jmojo.internal.ipc;

import java.util.List;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.internal.ports.Node;
import org.jmojo.internal.ports.PortRef;
import org.jmojo.system.ArmResult;
import org.jmojo.system.ClosureReason;
import org.jmojo.system.Handle;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;

/**
 * A relay between two receiving ports of this node whose routes are in different networks (docs/architecture.md §4,
 * "Crossing an isolated link"; docs/processes.md, "Isolated links and bridges"): every message that arrives at
 * either is read, handles included, and written through the other, in order. When one side reports PEER_CLOSED and
 * has nothing left to read, both are closed, so the far end of the other side sees PEER_CLOSED after everything the
 * bridge passed on. A bridge never collapses; it lives as long as the pipe.
 *
 * <p><b>Threads.</b> One trap watches both sides; its handler runs where the node runs trap handlers (the I/O thread
 * for messages from other nodes, a writer's thread for local ones, docs/concurrency.md, "Bridges"). The trap is
 * disarmed while its handler runs and re-armed only by it, so at most one thread relays a given bridge at a time:
 * that is what keeps each direction in order. {@link #closed} is touched only by that thread (and by
 * {@link #start}, before the trap is first armed).
 */
final class Bridge {
    private static final System.Logger LOG = System.getLogger("org.jmojo.ipc");
    private static final Signals WATCHED = Signals.of(Signals.READABLE, Signals.PEER_CLOSED);

    private final Bridges owner;
    private final Node node;
    private final MessagePipeEndpoint[] sides = new MessagePipeEndpoint[2];
    private final PortRef[] ports = new PortRef[2];
    private Trap trap;
    private boolean closed;

    private Bridge(Bridges owner, Node node) {
        this.owner = owner;
        this.node = node;
    }

    /**
     * Joins {@code kept} (a port that was to leave, in transit) and {@code near} (one end of a fresh local pair whose
     * other end leaves instead) and starts relaying. Call with no lock held, outside the ports layer's delivery loop.
     */
    static void start(Bridges owner, LocalCore core, PortRef kept, PortRef near) {
        Bridge b = new Bridge(owner, core.node());
        b.ports[0] = kept;
        b.ports[1] = near;
        b.sides[0] = core.endpointFor(kept);
        b.sides[1] = core.endpointFor(near);
        try {
            b.trap = core.createTrap(b::onEvent);
            b.trap.addTrigger(b.sides[0], WATCHED, TriggerCondition.SIGNALS_SATISFIED, 0);
            b.trap.addTrigger(b.sides[1], WATCHED, TriggerCondition.SIGNALS_SATISFIED, 1);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot start a bridge; its pipe is closed", e);
            b.close();
            return;
        }
        b.relay();
    }

    private void onEvent(TrapEvent event) {
        if (event.result() != MojoResult.CANCELLED) {
            relay();
        }
    }

    /** Passes on what both sides hold, then re-arms; again while arming finds work. */
    private void relay() {
        while (!closed) {
            if (!pass(0, 1) || !pass(1, 0)) {
                close();
                return;
            }
            ArmResult r = trap.arm();
            if (r.result() == MojoResult.OK) {
                return;
            }
        }
    }

    /** Moves every message {@code from} holds to {@code to}; false once the bridge must end. */
    private boolean pass(int from, int to) {
        for (;;) {
            ReadResult r = sides[from].readMessage();
            if (r.result() == MojoResult.SHOULD_WAIT) {
                return true;
            }
            if (r.result() != MojoResult.OK) {
                return false; // peer closed and drained: the other side's far end learns it when we close
            }
            List<Handle> handles = r.message().handles();
            MojoResult w;
            try {
                w = sides[to].writeMessage(r.message().bytes(), handles);
            } catch (RuntimeException e) {
                // A message this side cannot carry (e.g. the other side's own peer, come home through the pipe): the
                // pipe ends rather than lose it silently and leave the bridge disarmed.
                LOG.log(System.Logger.Level.WARNING, "a bridge could not pass a message on; its pipe is closed", e);
                w = MojoResult.INVALID_ARGUMENT;
            }
            if (w != MojoResult.OK) {
                r.message().closeHandles(); // not taken by the write: the far side is gone or refused the message
                return false;
            }
        }
    }

    /**
     * Closes both sides. Each tells its far end how the other side's peer went (its closure reason: a user's close,
     * a process lost, a quota overrun), or a user's close if that peer is still there (the bridge itself ended):
     * so a reason crosses the bridge as it crosses a plain channel.
     */
    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (trap != null) {
            trap.close();
        }
        ClosureReason[] passOn = {reasonBeyond(1), reasonBeyond(0)};
        for (int i = 0; i < 2; i++) {
            // The port first, with the reason; the handle's own close then finds it closed and tells nobody.
            node.closePort(ports[i], org.jmojo.internal.ports.wire.ClosureReason.ofCode(passOn[i].code()));
            if (sides[i] != null) {
                sides[i].close();
            }
        }
        owner.ended(this);
    }

    /** Why side {@code i}'s peer went, or {@code CLOSED_BY_USER} if it has not (or the side never opened). */
    private ClosureReason reasonBeyond(int i) {
        return sides[i] == null ? ClosureReason.CLOSED_BY_USER
                : sides[i].peerClosureReason().orElse(ClosureReason.CLOSED_BY_USER);
    }
}
