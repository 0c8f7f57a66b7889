package org.jmojo.bindings;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jmojo.system.Core;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * What the router tests of this package share: pipes with {@link TestCalc} bound on them, raw ends
 * to play a peer by hand, and bounded waits. {@link #close()} (from {@code @AfterEach}) closes
 * everything a test made.
 */
final class Pipes implements AutoCloseable {

    /** How long a test waits for something that must happen: only a bound on a failing run. */
    static final long WAIT_S = 30;

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    /** The options of the remotes {@link #connect(TestCalc)} binds. */
    private final Remote.Options remoteOptions;

    Pipes() {
        this(Remote.Options.defaults());
    }

    /** Pipes whose {@link #connect(TestCalc)} binds remotes with {@code remoteOptions}. */
    Pipes(Remote.Options remoteOptions) {
        this.remoteOptions = remoteOptions;
    }

    /** A new pipe; both ends are closed with the rest. */
    MessagePipe pipe() {
        MessagePipe p = Core.instance().createMessagePipe();
        toClose.add(p.end0()::close);
        toClose.add(p.end1()::close);
        return p;
    }

    /** {@code impl} bound as a receiver on one end of a new pipe, and a remote on the other. */
    Remote<TestCalc> connect(TestCalc impl) {
        return connect(impl, remoteOptions);
    }

    /** {@link #connect(TestCalc)} with remote options. */
    Remote<TestCalc> connect(TestCalc impl, Remote.Options options) {
        MessagePipe p = pipe();
        add(Receiver.bind(new PendingReceiver<>(TestCalc.DESCRIPTOR, p.end1()), impl));
        return add(Remote.bind(new PendingRemote<>(TestCalc.DESCRIPTOR, p.end0()), options));
    }

    /** Closes {@code c} with the rest. */
    <T extends AutoCloseable> T add(T c) {
        toClose.add(c);
        return c;
    }

    /** The value of {@code f}, waiting at most {@link #WAIT_S} seconds. */
    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    /** The next message on {@code end}, waiting for it. */
    static Message read(MessagePipeEndpoint end) throws Exception {
        return await(end.readAsync(Runnable::run));
    }

    /** Waits until {@code t} parks (in a lock, a condition or a semaphore), without sleeping. */
    static void awaitParked(Thread t) {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (!t.isAlive()) {
                throw new AssertionError(t + " ended instead of waiting");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }
}
