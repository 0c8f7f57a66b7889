package org.jmojo.conformance;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One runnable case found in a case directory.
 *
 * @param name the case name as reported
 * @param expected the expected outcome as written in the case's expectation file (or a broken-file
 *     marker when it could not be read)
 * @param runner runs the case; never throws, a broken case file yields a failed result
 */
public record ConformanceCase(String name, String expected, Supplier<CaseResult> runner) {

    public ConformanceCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(runner, "runner");
    }

    /** Runs the case. */
    public CaseResult run() {
        return runner.get();
    }
}
