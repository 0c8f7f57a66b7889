package org.jmojo.internal.platform;

/** The rule that blocking native calls run on platform threads only (DESIGN.md §5). */
final class Blocking {
    private Blocking() {}

    /**
     * Fails if the current thread is virtual and {@code timeoutMillis} lets {@code call} block: a
     * downcall pins the virtual thread's carrier for its whole duration, so a blocked {@code epoll_wait}
     * or {@code poll} would take a carrier away from every other virtual thread. A zero timeout only
     * looks and is allowed.
     */
    static void requirePlatformThread(String call, int timeoutMillis) {
        if (timeoutMillis != 0 && Thread.currentThread().isVirtual()) {
            throw new IllegalStateException(call + " with timeout " + timeoutMillis + " ms called on virtual thread "
                    + Thread.currentThread() + ": a blocking native call would pin its carrier; run it on a platform"
                    + " thread, or pass timeout 0");
        }
    }
}
