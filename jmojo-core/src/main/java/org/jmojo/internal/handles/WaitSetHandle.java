package org.jmojo.internal.handles;

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
        return ws.add(watched, signals, cookie);
    }

    @Override
    public MojoResult remove(long cookie) {
        return dispatcher().remove(cookie);
    }

    @Override
    public WaitSetResult wait(Deadline deadline, int maxResults) {
        return dispatcher().await(deadline, maxResults);
    }

    @Override
    public WaitSet pass() {
        return new WaitSetHandle(take());
    }
}
