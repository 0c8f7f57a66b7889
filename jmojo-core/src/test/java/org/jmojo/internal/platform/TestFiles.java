package org.jmojo.internal.platform;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test support: a file to wrap, and what {@code /proc/self/fd} says about the descriptors pointing at it. */
public final class TestFiles {
    private TestFiles() {}

    /** The real path of file {@code name} in {@code dir}, created with {@code content} on first use. */
    public static Path file(Path dir, String name, String content) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.exists(f)) {
            Files.writeString(f, content);
        }
        return f.toRealPath();
    }

    /** How many descriptors of this process refer to {@code file} (a real path) now. */
    public static long pointingAt(Path file) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : fds) {
                try {
                    if (Files.readSymbolicLink(p).equals(file)) {
                        n++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one another thread closed since the listing
                }
            }
        }
        return n;
    }
}
