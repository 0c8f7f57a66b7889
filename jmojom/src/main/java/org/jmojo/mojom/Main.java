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
 * {@code --version}. Diagnostics go to standard error as {@code file:line:column: error: ...}. Exit
 * codes: {@value #OK} success, {@value #INPUT_ERRORS} the input has errors, {@value #USAGE} usage
 * error, {@value #INTERNAL_ERROR} internal compiler error (a bug: the message names the input, no
 * stack trace is printed), {@value #OUTPUT_ERROR} the generated Java could not be written.
 */
@Command(
        name = "jmojo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "The jmojo Mojom compiler.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the input has errors (reported as file:line:column)",
            "2:usage error",
            "3:internal compiler error (a bug in the jmojo compiler; please report it with the input)",
            "4:the generated Java could not be written"},
        subcommands = {Main.Compile.class, Main.Dump.class, org.jmojo.mojom.compat.CheckCompatCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the input has errors. */
    public static final int INPUT_ERRORS = 1;
    /** Exit code: the command line is wrong. */
    public static final int USAGE = 2;
    /** Exit code: the compiler failed on this input, a bug in jmojom. */
    public static final int INTERNAL_ERROR = 3;
    /** Exit code: the generated Java could not be written. */
    public static final int OUTPUT_ERROR = 4;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams and returns the exit status. Never throws and
     * never prints a stack trace: a failure of the compiler itself is reported in one line as an
     * internal compiler error naming the input.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, err));
        int status;
        try {
            status = cl.execute(args);
        } catch (Throwable e) {
            // picocli hands only Exceptions to the handler; an Error (say StackOverflowError) ends up here.
            CommandLine leaf = cl;
            while (leaf.getParseResult() != null && leaf.getParseResult().subcommand() != null) {
                leaf = leaf.getParseResult().subcommand().commandSpec().commandLine();
            }
            status = failure(e, leaf, err);
        }
        out.flush();
        err.flush();
        return status;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Reports a failure of a command without a stack trace and returns its exit code. */
    private static int failure(Throwable e, CommandLine cmd, PrintWriter err) {
        if (e instanceof OutputException o) {
            err.println("jmojo: cannot write the generated Java to " + o.directory + ": " + describe(o.getCause()));
            err.flush();
            return OUTPUT_ERROR;
        }
        Object command = cmd.getCommand();
        String inputs = command instanceof HasInputs h ? String.join(", ", h.inputs().stream().map(Path::toString).toList())
                : "the given input";
        err.println("jmojo: internal compiler error while processing " + inputs + ": " + describe(e)
                + " (this is a bug in the jmojo compiler; please report it with the input)");
        err.flush();
        return INTERNAL_ERROR;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    /** A command whose input files an internal-error message names. */
    public interface HasInputs {
        /** The files the command was given. */
        List<Path> inputs();
    }

    /** Writing generated Java failed: exit code {@link #OUTPUT_ERROR}, not an internal error. */
    private static final class OutputException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Path directory;

        OutputException(Path directory, IOException cause) {
            super(cause);
            this.directory = directory;
        }
    }

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
            description = "Compile .mojom files; report errors as file:line:column.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:success", "1:the input has errors", "2:usage error", "3:internal compiler error",
                "4:the generated Java could not be written"})
    static final class Compile implements Callable<Integer>, HasInputs {
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
        public List<Path> inputs() {
            return files;
        }

        @Override
        public Integer call() {
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
                        try {
                            generator.get().generate(f, result, javaOut);
                        } catch (IOException e) {
                            throw new OutputException(javaOut, e);
                        }
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
    static final class Dump implements Callable<Integer>, HasInputs {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "-I", paramLabel = "PATH", description = "Import root (repeatable).")
        List<Path> importPaths = new ArrayList<>();

        @Option(names = "--enable", paramLabel = "FEATURE", description = "Enable an EnableIf feature (repeatable).")
        List<String> features = new ArrayList<>();

        @Parameters(arity = "1..*", paramLabel = "FILE.mojom", description = "Files to dump.")
        List<Path> files = new ArrayList<>();

        @Override
        public List<Path> inputs() {
            return files;
        }

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
