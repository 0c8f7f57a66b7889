package org.jmojo.internal.handles;

/** Rethrows a failure collected while delivering several events, keeping its type. */
final class Failures {
    private Failures() {}

    /** Throws {@code failure} if it is not null; it is always a {@link RuntimeException} or an {@link Error}. */
    static void rethrow(Throwable failure) {
        switch (failure) {
            case null -> {}
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("unexpected checked failure", failure);
        }
    }
}
