package org.jmojo.bindings.internal.router;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** An executor that only records what it is given, so a test decides when (and on which thread) it runs. */
final class RecordingExecutor implements Executor {
    /** What was given, oldest first. */
    final List<Runnable> given = new ArrayList<>();

    @Override
    public void execute(Runnable command) {
        given.add(command);
    }
}
