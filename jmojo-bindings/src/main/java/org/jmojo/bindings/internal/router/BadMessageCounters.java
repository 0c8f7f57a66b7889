package org.jmojo.bindings.internal.router;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link org.jmojo.bindings.BadMessages}. Thread-safe; they only grow. */
public final class BadMessageCounters {

    private static final ConcurrentHashMap<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private BadMessageCounters() {}

    static void record(String reason) {
        COUNTS.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** The count for {@code reason}, 0 if none. */
    public static long count(String reason) {
        LongAdder adder = COUNTS.get(reason);
        return adder == null ? 0 : adder.sum();
    }

    /** A sorted snapshot of every count. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        COUNTS.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
