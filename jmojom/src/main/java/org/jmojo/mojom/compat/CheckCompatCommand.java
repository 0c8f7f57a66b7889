package org.jmojo.mojom.compat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check-compat [-I PATH]... [--enable X]... OLD.mojom NEW.mojom}: prints one line per change
 * that breaks the versioning rules of a {@code [Stable]} definition ({@link CompatChecker}), each
 * with its position in the new and in the old file. Exit status: 0 compatible, 1 incompatible
 * changes or a file that does not compile, 2 usage error, 3 internal compiler error.
 */
@Command(name = "check-compat", mixinStandardHelpOptions = true,
        description = "Report changes to [Stable] Mojom definitions that break versioning.")
public final class CheckCompatCommand implements Callable<Integer>, org.jmojo.mojom.Main.HasInputs {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-I", paramLabel = "PATH", description = "Import root for both files (repeatable).")
    List<Path> importPaths = new ArrayList<>();

    @Option(names = "--enable", paramLabel = "FEATURE", description = "Enable an EnableIf feature (repeatable).")
    List<String> features = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "OLD.mojom", description = "The released version.")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW.mojom", description = "The changed version.")
    Path newFile;

    /** Creates the command (picocli instantiates it). */
    public CheckCompatCommand() {}

    @Override
    public List<Path> inputs() {
        return oldFile == null ? List.of() : newFile == null ? List.of(oldFile) : List.of(oldFile, newFile);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompilationResult oldResult = MojomCompiler.compile(List.of(oldFile), importPaths,
                new LinkedHashSet<>(features));
        CompilationResult newResult = MojomCompiler.compile(List.of(newFile), importPaths,
                new LinkedHashSet<>(features));
        boolean broken = false;
        for (CompilationResult r : List.of(oldResult, newResult)) {
            for (Diagnostic d : r.errors()) {
                err.println(d);
                broken = true;
            }
        }
        if (broken) {
            err.println("check-compat: cannot compare files with errors");
            return 1;
        }
        List<CompatIssue> issues = CompatChecker.check(oldResult, newResult);
        for (CompatIssue issue : issues) {
            out.println(issue);
        }
        if (issues.isEmpty()) {
            out.println("compatible: no [Stable] definition of " + oldFile + " changed incompatibly");
            return 0;
        }
        err.println(issues.size() + " incompatible change(s)");
        return 1;
    }
}
