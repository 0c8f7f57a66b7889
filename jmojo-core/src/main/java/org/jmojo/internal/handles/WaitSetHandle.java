package org.jmojo.internal.handles;

import java.lang.ref.Reference;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Signals;
import org.jmojo.system.WaitSet;
import org.jmojo.system.WaitSetResult;

/** The {@link WaitSet} handle object. */
final class WaitSetHandle extends HandleHolder<WaitSetDispatcher> implements WaitSet {
    WaitSetHandle(WaitSetDispatcher dispatcher) {
        super(dispatcher);
    }

    @Override
    public MojoResult add(Handle handle, Signals signals, long cookie) {
        WaitSetDispatcher ws = dispatcher();
        Dispatcher watched = HandleHolder.dispatcherOf(handle, -1);
        try {
            return ws.add(watched, signals, cookie);
        } finally {
            Reference.reachabilityFence(handle);
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public MojoResult remove(long cookie) {
        try {
            return dispatcher().remove(cookie);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public WaitSetResult wait(Deadline deadline, int maxResults) {
        try {
            return dispatcher().await(deadline, maxResults);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public WaitSet pass() {
        return new WaitSetHandle(take());
    }
}
