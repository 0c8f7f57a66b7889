package org.jmojo.conformance;

import java.util.Objects;

/**
 * The outcome of one conformance case.
 *
 * @param name the case name (for integration header cases, with the side in brackets)
 * @param got what jmojo produced: {@code PASS}, an error name, or a description of a mismatch
 * @param want what the case file expects
 * @param passed whether {@code got} matches {@code want}
 */
public record CaseResult(String name, String got, String want, boolean passed) {

    public CaseResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(got, "got");
        Objects.requireNonNull(want, "want");
    }

    /** The report line: {@code NAME: <got> (expected <want>) ok|FAIL}. */
    public String line() {
        return name + ": " + got + " (expected " + want + ") " + (passed ? "ok" : "FAIL");
    }
}
