package org.jmojo.internal.handles;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jmojo.system.ArmResult;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.Message;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;
import org.jmojo.system.Trap;
import org.jmojo.system.TrapEvent;
import org.jmojo.system.TriggerCondition;

/**
 * One {@link MessagePipeEndpoint#readAsync} in flight: a private trap on READABLE|PEER_CLOSED; when it
 * fires (or arming finds the condition already true) the message is read on that thread, with no lock
 * held, and the future is completed on the user's executor.
 */
final class AsyncRead {
    private final MessagePipeEndpoint endpoint;
    private final Executor executor;
    private final CompletableFuture<Message> future = new CompletableFuture<>();
    private final Trap trap;

    private AsyncRead(MessagePipeEndpoint endpoint, Executor executor) {
        this.endpoint = endpoint;
        this.executor = executor;
        this.trap = LocalCore.createTrapOnNodeOf(endpoint, this::onEvent); // the endpoint's node, not the default
    }

    static CompletableFuture<Message> start(MessagePipeEndpoint endpoint, Executor executor) {
        AsyncRead r = new AsyncRead(endpoint, executor);
        try {
            r.trap.addTrigger(endpoint, Signals.of(Signals.READABLE, Signals.PEER_CLOSED), TriggerCondition.SIGNALS_SATISFIED, 0);
        } catch (RuntimeException e) {
            r.trap.close(); // closed, sent or in transit since the caller's check: no trap left behind
            throw e;
        }
        r.future.whenComplete((m, e) -> r.trap.close());
        r.readOrArm();
        return r.future;
    }

    private void onEvent(TrapEvent event) {
        if (future.isDone()) {
            return;
        }
        if (event.result() == MojoResult.CANCELLED) {
            fail(new MojoException(MojoResult.CANCELLED, Dispatcher.name(endpoint.value()) + " was closed or sent before a message arrived"));
        } else {
            readOrArm();
        }
    }

    /** Reads if possible, else arms; loops while arming reports the condition already true. */
    private void readOrArm() {
        while (!future.isDone()) {
            ReadResult r;
            try {
                r = endpoint.readMessage();
            } catch (MojoException e) {
                fail(e);
                return;
            }
            switch (r.result()) {
                case OK -> {
                    Message m = r.message();
                    complete(() -> {
                        if (!future.complete(m)) {
                            m.closeHandles(); // cancelled meanwhile: the reader gave up this message
                        }
                    }, m);
                    return;
                }
                case FAILED_PRECONDITION -> {
                    fail(new MojoException(MojoResult.FAILED_PRECONDITION,
                            Dispatcher.name(endpoint.value()) + ": the peer is closed and every message was read"));
                    return;
                }
                default -> {
                    ArmResult armed;
                    try {
                        armed = trap.arm(1);
                    } catch (MojoException e) {
                        return; // the trap was closed: the future completed meanwhile
                    }
                    if (armed.result() == MojoResult.OK) {
                        return;
                    }
                    // FAILED_PRECONDITION: a message arrived (or the peer closed) in between; read again.
                }
            }
        }
    }

    private void fail(MojoException e) {
        complete(() -> future.completeExceptionally(e), null);
    }

    /**
     * Runs {@code completion} on the executor. If the executor refuses, the future fails with its
     * exception right here (no lock is held) and {@code read}, the message that was read, is closed.
     */
    private void complete(Runnable completion, Message read) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            if (read != null) {
                read.closeHandles();
            }
            future.completeExceptionally(e);
        }
    }
}
