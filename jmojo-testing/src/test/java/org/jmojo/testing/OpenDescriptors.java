package org.jmojo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Test support: this process's open descriptors, as {@code /proc/self/fd} lists them. */
final class OpenDescriptors {
    private OpenDescriptors() {}

    /** How many are open now (the listing's own included: compare counts taken the same way). */
    static long all() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** How many point at {@code file} (a real path) now. */
    static long pointingAt(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(OpenDescriptors::target).filter(t -> t.isPresent() && t.get().equals(file)).count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where descriptor link {@code fd} points; empty for one closed since the listing (the listing's own). */
    private static Optional<Path> target(Path fd) {
        try {
            return Optional.of(Files.readSymbolicLink(fd));
        } catch (IOException closed) {
            return Optional.empty();
        }
    }
}
