package org.jmojo.stress;

import java.util.concurrent.atomic.AtomicInteger;
import org.jmojo.system.Core;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * One endpoint object in the shared pool, with what the test knows about it: which logical endpoint
 * it is ({@link #end}; its peer is {@code end ^ 1}, its pipe {@code end >>> 1}), its generation (how
 * many times that endpoint was sent before this object received it), and what workers have asked of
 * it. Those flags are set <em>before</em> the request is made, so that a worker that meets the
 * consequence (a BUSY, an invalid handle, a CANCELLED wait) can tell whether some request explains it.
 */
final class Holder {
    final MessagePipeEndpoint obj;
    final int end;
    final int gen;
    /** The Core of the node that owns {@link #obj}: the one to wait on it with, or watch it from. */
    final Core node;

    /** The pool slot, or -1 outside the pool; written before the holder is published. */
    int slot = -1;

    /** Writes that attach this object: started (incremented before the call) and ended (after). */
    final AtomicInteger sendsStarted = new AtomicInteger();
    final AtomicInteger sendsEnded = new AtomicInteger();
    /** A write attaching it returned OK (set before {@link #sendsEnded} is incremented). */
    volatile boolean sent;
    /** Some worker called close() on it (set before the call). */
    volatile boolean closeRequested;

    Holder(MessagePipeEndpoint obj, int end, int gen, Core node) {
        this.obj = obj;
        this.end = end;
        this.gen = gen;
        this.node = node;
    }

    int pipe() {
        return end >>> 1;
    }

    /** Whether a write attaching this object ran at some time after {@code endedBefore} was read. */
    boolean sendOverlapped(int endedBefore) {
        return sendsStarted.get() > endedBefore;
    }

    /**
     * Whether {@code e}, thrown by an operation on this object that began when {@link #sendsEnded} was
     * {@code endedBefore}, is explained by what workers asked: "was sent" by a write attaching it that
     * succeeded or overlapped the operation; "is closed" by a close.
     */
    boolean explains(InvalidHandleException e, int endedBefore) {
        String d = e.detail();
        if (d.contains("was sent in a message")) {
            return sent || sendOverlapped(endedBefore);
        }
        if (d.contains("is closed") || d.contains("was closed during the write")) {
            return closeRequested;
        }
        return false;
    }

    /**
     * Whether this object is closed, sent, or being sent now: what a CANCELLED observed at some unknown
     * earlier time needs. Reads {@link #sendsEnded} first: a send that ended before that read had set
     * {@link #sent} already; one that had not is still counted in {@link #sendsStarted}, read after.
     */
    boolean isOrWasGone() {
        int ended = sendsEnded.get();
        return sendsStarted.get() > ended || sent || closeRequested;
    }

    /** Whether this object may report CANCELLED (closed or sent) to an operation that began at {@code endedBefore}. */
    boolean mayBeGone(int endedBefore) {
        return closeRequested || sent || sendOverlapped(endedBefore);
    }

    @Override
    public String toString() {
        return "end " + end + " gen " + gen + " (" + obj + ")";
    }
}
