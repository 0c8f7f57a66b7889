package org.jmojo.stress;

import java.util.SplittableRandom;
import org.jmojo.internal.handles.LocalCore;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/** The in-process system: every pipe on this process's one node, counted by the core's own counters. */
public final class LocalSystem implements StressSystem {
    private final Core core = Core.instance();
    private final LocalCore local = LocalCore.of(Core.instance());

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Core core() {
        return core;
    }

    @Override
    public MessagePipe createMessagePipe(SplittableRandom random) {
        return core.createMessagePipe();
    }

    @Override
    public void awaitQuiescence() {
        // A local write is queued in its receiver before it returns: nothing is ever in flight.
    }

    @Override
    public LiveCounts liveCounts() {
        return new LiveCounts(local.liveHandleCount(), local.portCount(), local.portsInTransitCount());
    }
}
