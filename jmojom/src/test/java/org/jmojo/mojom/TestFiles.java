package org.jmojo.mojom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jmojo.mojom.model.CompilationResult;

/** Locates test inputs: this module's resources and the repository's conformance data. */
public final class TestFiles {
    private TestFiles() {}

    /** A directory of {@code src/test/resources}, as copied to the test class path. */
    public static Path resourceDir(String name) {
        URL url = TestFiles.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource directory missing from the class path: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }

    /** The source copy of a resource directory, for regenerating golden files. */
    public static Path sourceResourceDir(String name) {
        return Path.of("src", "test", "resources", name);
    }

    /**
     * Chromium's conformance data, kept in the repository at
     * {@code jmojo-conformance/src/test/resources/chromium} (this module cannot depend on that
     * one, so the directory is found from the module's own directory). Fails rather than skipping
     * when it is absent, so the tests that need it cannot pass vacuously.
     */
    public static Path conformanceDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("jmojo-conformance/src/test/resources/chromium");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("jmojo-conformance/src/test/resources/chromium not found above "
                + Path.of("").toAbsolutePath());
    }

    /** The {@code .mojom} files directly in {@code dir}, sorted by name. */
    public static List<Path> mojomFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mojom")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file as UTF-8. */
    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same file name with another extension. */
    public static Path sibling(Path p, String newExtension) {
        String name = p.getFileName().toString();
        return p.resolveSibling(name.substring(0, name.lastIndexOf('.')) + newExtension);
    }

    /** The diagnostics of {@code r} as printed, with paths made relative to {@code dir}. */
    public static List<String> diagnostics(Path dir, CompilationResult r) {
        String prefix = dir.toString() + dir.getFileSystem().getSeparator();
        return r.diagnostics().stream().map(d -> d.toString().replace(prefix, "")).toList();
    }

    /**
     * Whether golden files are being rewritten ({@code -Djmojom.updateGolden=true}); if so, writes
     * {@code lines} as the {@code .err} file of {@code mojom} in the source copy of
     * {@code resourceDir}.
     */
    public static boolean updateErrFile(String resourceDir, Path mojom, List<String> lines) {
        if (!Boolean.getBoolean("jmojom.updateGolden")) {
            return false;
        }
        Path err = sourceResourceDir(resourceDir).resolve(sibling(mojom, ".err").getFileName());
        try {
            Files.writeString(err, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }
}
