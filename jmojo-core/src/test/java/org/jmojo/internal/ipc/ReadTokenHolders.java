package org.jmojo.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a waiting thread is, for the read-token tests (docs/concurrency.md, "The read token"), found from its stack and
 * state rather than from a pause: a holder polls its channel in {@code UnixChannel.awaitAsHolder}; a waiter that does
 * not hold a token is parked.
 */
final class ReadTokenHolders {
    private ReadTokenHolders() {}

    /** Spins until {@code t} polls a channel as a read-token holder (it registered its wake-up before that). */
    static void awaitHolding(Thread t) {
        while (!inHolderPoll(t)) {
            assertThat(t.isAlive()).as("waiter ended before it held the token").isTrue();
            Thread.onSpinWait();
        }
    }

    static boolean inHolderPoll(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("org.jmojo.internal.channel.UnixChannel") && e.getMethodName().equals("awaitAsHolder")) {
                return true;
            }
        }
        return false;
    }

    /** Spins until {@code t} is parked in a wait's park phase (it gave up on the read token and registered to be woken). */
    static void awaitParkedInWait(Thread t) {
        while (!(t.getState() == Thread.State.WAITING && inWaitPark(t))) {
            assertThat(t.isAlive()).as("waiter ended before parking").isTrue();
            Thread.onSpinWait();
        }
    }

    private static boolean inWaitPark(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("org.jmojo.internal.handles.WaitSpin") && e.getMethodName().equals("park")) {
                return true;
            }
        }
        return false;
    }

    /** Spins until {@code t} is parked (waiting, not holding a token). */
    static void awaitParked(Thread t) {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertThat(t.isAlive()).as("waiter ended before parking").isTrue();
            Thread.onSpinWait();
        }
    }
}
