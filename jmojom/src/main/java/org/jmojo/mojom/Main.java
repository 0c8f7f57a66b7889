package org.jmojo.mojom;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import org.jmojo.mojom.model.MojomFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line: {@code jmojo compile --java-out DIR [-I PATH]... [--enable X]... FILE.mojom...}
 * (the launcher's {@code ./jmojo compile} reaches it through the jmojo-tools command line, so the
 * program name in every usage line is {@code jmojo}). Every subcommand answers {@code --help} and
 * {@code --version}. Diagnostics go to standard error as {@code file:line:column: error: ...}; the
 * exit code is 0 on success, 1 if any file has errors, 2 for a usage error.
 */
@Command(
        name = "jmojo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "The jmojo Mojom compiler.",
        subcommands = {Main.Compile.class, Main.Dump.class, org.jmojo.mojom.compat.CheckCompatCommand.class})
public final class Main implements Callable<Integer> {

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code --version} of every subcommand (inherited). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ToolVersion.LINE};
        }
    }

    /** {@code compile}: parse, resolve and pack, then run the Java generator if one is installed. */
    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = "Compile .mojom files; report errors as file:line:column.")
    static final class Compile implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--java-out", paramLabel = "DIR", description = "Directory for generated Java sources.")
        Path javaOut;

        @Option(names = "-I", paramLabel = "PATH", description = "Import root (repeatable).")
        List<Path> importPaths = new ArrayList<>();

        @Option(names = "--enable", paramLabel = "FEATURE", description = "Enable an EnableIf feature (repeatable).")
        List<String> features = new ArrayList<>();

        @Option(names = "--no-warnings", description = "Do not print warnings (errors are still printed).")
        boolean noWarnings;

        @Parameters(arity = "1..*", paramLabel = "FILE.mojom", description = "Files to compile.")
        List<Path> files = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            CompilationResult result = MojomCompiler.compile(files, importPaths, new LinkedHashSet<>(features));
            for (Diagnostic d : result.diagnostics()) {
                if (d.isError() || !noWarnings) {
                    err.println(d);
                }
            }
            if (result.hasErrors()) {
                err.println(result.errors().size() + " error(s)");
                return 1;
            }
            if (javaOut != null) {
                Optional<JavaGenerator> generator = ServiceLoader.load(JavaGenerator.class).findFirst();
                if (generator.isPresent()) {
                    for (MojomFile f : result.files()) {
                        generator.get().generate(f, result, javaOut);
                    }
                } else {
                    spec.commandLine().getOut().println("jmojo: no JavaGenerator installed; " + result.files().size()
                            + " file(s) checked, nothing written to " + javaOut);
                }
            }
            return 0;
        }
    }

    /** {@code dump}: print the resolved model with packed layouts, for inspection. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print the resolved model and packed layouts of .mojom files.")
    static final class Dump implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "-I", paramLabel = "PATH", description = "Import root (repeatable).")
        List<Path> importPaths = new ArrayList<>();

        @Option(names = "--enable", paramLabel = "FEATURE", description = "Enable an EnableIf feature (repeatable).")
        List<String> features = new ArrayList<>();

        @Parameters(arity = "1..*", paramLabel = "FILE.mojom", description = "Files to dump.")
        List<Path> files = new ArrayList<>();

        @Override
        public Integer call() {
            CompilationResult result = MojomCompiler.compile(files, importPaths, new LinkedHashSet<>(features));
            PrintWriter out = spec.commandLine().getOut();
            for (MojomFile f : result.files()) {
                out.print(ModelDump.dump(f));
            }
            for (Diagnostic d : result.diagnostics()) {
                spec.commandLine().getErr().println(d);
            }
            return result.hasErrors() ? 1 : 0;
        }
    }

    private Main() {}
}
