package org.jmojo.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.model.CompilationResult;

/**
 * Runs every conformance case of one directory: compiles the directory's {@code .mojom} files with
 * jmojo's compiler, then runs its validation cases ({@code *.data}) and golden cases
 * ({@code NNN-name.json} + {@code .hex}) against the resulting schema.
 *
 * <p>Works on any directory laid out like the repository's {@code chromium/validation} (with the
 * {@code .mojom} files in the directory or its parent) or {@code chromium/golden}.
 */
public final class ConformanceRunner {

    private ConformanceRunner() {}

    /** The {@code .mojom} files of {@code dir}, or of its parent if {@code dir} has none. */
    public static List<Path> mojomFiles(Path dir) throws IOException {
        List<Path> here = listMojom(dir);
        if (!here.isEmpty() || dir.toAbsolutePath().getParent() == null) {
            return here;
        }
        return listMojom(dir.toAbsolutePath().getParent());
    }

    private static List<Path> listMojom(Path dir) throws IOException {
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> p.getFileName().toString().endsWith(".mojom")).sorted().toList();
        }
    }

    /**
     * Compiles the {@code .mojom} files for {@code dir} and adapts the result.
     *
     * @throws MojomCompileException if the files do not compile (with every error and its position)
     */
    public static SchemaAdapter compile(Path dir) throws IOException {
        List<Path> files = mojomFiles(dir);
        CompilationResult result = MojomCompiler.compile(files, List.of(dir), Set.of());
        if (result.hasErrors()) {
            throw new MojomCompileException(dir, files, result.errors());
        }
        return new SchemaAdapter(result);
    }

    /** Every case of {@code dir}: validation cases, then golden cases, each sorted by name. */
    public static List<ConformanceCase> discover(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory: " + dir);
        }
        SchemaAdapter schemas = compile(dir);
        List<ConformanceCase> cases = new ArrayList<>(ValidationCases.discover(dir, schemas));
        cases.addAll(GoldenCases.discover(dir, schemas));
        return cases;
    }

    /**
     * Runs every case of {@code dir}, printing one line per case and then {@code N passed, M failed}.
     *
     * @return whether every case passed (and there was at least one)
     */
    public static boolean run(Path dir, PrintWriter out) throws IOException {
        int passed = 0;
        int failed = 0;
        for (ConformanceCase c : discover(dir)) {
            CaseResult r = c.run();
            out.println(r.line());
            if (r.passed()) {
                passed++;
            } else {
                failed++;
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 && passed > 0;
    }
}
