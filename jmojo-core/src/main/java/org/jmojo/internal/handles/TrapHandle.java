package org.jmojo.internal.handles;

import java.lang.ref.Reference;
import org.jmojo.system.ArmResult;
import org.jmojo.system.Handle;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TriggerCondition;

/** The {@link Trap} handle object. */
final class TrapHandle extends HandleHolder<TrapDispatcher> implements Trap {
    private static final int DEFAULT_MAX_EVENTS = 64;

    TrapHandle(TrapDispatcher dispatcher) {
        super(dispatcher);
    }

    @Override
    public MojoResult addTrigger(Handle handle, Signals signals, TriggerCondition condition, long context) {
        TrapDispatcher t = dispatcher();
        Dispatcher watched = HandleHolder.dispatcherOf(handle, -1);
        try (RequestContext c = RequestContext.enter()) {
            return t.addTrigger(watched, signals, condition, context);
        } finally {
            Reference.reachabilityFence(handle);
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public MojoResult removeTrigger(long context) {
        TrapDispatcher t = dispatcher();
        try (RequestContext c = RequestContext.enter()) {
            return t.removeTrigger(context);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ArmResult arm() {
        return arm(DEFAULT_MAX_EVENTS);
    }

    @Override
    public ArmResult arm(int maxBlockingEvents) {
        try {
            return dispatcher().arm(maxBlockingEvents);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public Trap pass() {
        return new TrapHandle(take());
    }
}
