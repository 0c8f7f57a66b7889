package org.jmojo.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.conformance.ConformanceRunner;
import org.jmojo.conformance.DataFile;
import org.jmojo.conformance.DataFileException;
import org.jmojo.conformance.SchemaAdapter;
import org.jmojo.conformance.ValidationCases;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code jmojo} command line behind {@code ./jmojo compile|conformance|validate|decode}.
 *
 * <p>Exit status: 0 success, 1 failed cases or an invalid message, 2 usage errors and unusable
 * input (unreadable files, {@code .mojom} compile errors, a broken {@code .data} file).
 */
@Command(name = "jmojo", mixinStandardHelpOptions = true, description = "jmojo tools.",
        subcommands = {Main.Compile.class, Main.CheckCompat.class, Main.Conformance.class, Main.Validate.class,
            Main.Decode.class})
public final class Main implements Callable<Integer> {

    /** Status for success. */
    static final int OK = 0;
    /** Status for failed cases or an invalid message. */
    static final int FAILED = 1;
    /** Status for usage errors and unusable input. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String what = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getClass().getSimpleName();
            commandLine.getErr().println("jmojo: " + what + ": " + e.getMessage());
            return USAGE;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /**
     * A subcommand the compiler owns: every argument goes, unparsed, to {@code org.jmojo.mojom.Main}
     * under the same subcommand name, and its exit status is ours.
     */
    abstract static class CompilerCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> all = new ArrayList<>();
            all.add(spec.name());
            all.addAll(args);
            return org.jmojo.mojom.Main.run(all.toArray(String[]::new), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    /** {@code compile}: compiles .mojom files to Java. */
    @Command(name = "compile", description = "Compile .mojom files (arguments as for the jmojom compiler).")
    static final class Compile extends CompilerCommand {}

    /** {@code check-compat}: the compiler owns the {@code [Stable]} compatibility rules. */
    @Command(name = "check-compat", description = "Report changes to [Stable] types that break versioning "
            + "(arguments as for the jmojom compiler).")
    static final class CheckCompat extends CompilerCommand {}

    /** {@code conformance DIR}: runs every validation and golden case of a directory. */
    @Command(name = "conformance", mixinStandardHelpOptions = true,
            description = "Run every validation (.data/.expected) and golden (.json/.hex) case in DIR.")
    static final class Conformance implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Directory of cases.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            return ConformanceRunner.run(dir, spec.commandLine().getOut()) ? OK : FAILED;
        }
    }

    /** Options shared by {@code validate} and {@code decode}. */
    static final class MessageOptions {
        @Option(names = "--mojom", arity = "1..*", required = true, paramLabel = "FILE",
                description = ".mojom files defining the interface.")
        List<Path> mojom = new ArrayList<>();

        @Option(names = "-I", paramLabel = "PATH", description = "Import root (repeatable).")
        List<Path> importPaths = new ArrayList<>();

        @Option(names = "--interface", required = true, paramLabel = "NAME",
                description = "Interface (fully qualified or unique simple name).")
        String interfaceName;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Side side;

        @Parameters(index = "0", paramLabel = "CASE.data", description = "The message in .data text format.")
        Path data;

        static final class Side {
            @Option(names = "--request", required = true, description = "Validate as a receiver reads requests.")
            boolean request;

            @Option(names = "--response", required = true, description = "Validate as a remote reads responses.")
            boolean response;
        }

        /** Compiles, finds the interface and parses the message; null (after reporting) on a usage error. */
        Loaded load(PrintWriter err) throws IOException {
            CompilationResult result = MojomCompiler.compile(mojom, importPaths, new LinkedHashSet<>());
            if (result.hasErrors()) {
                for (Diagnostic d : result.diagnostics()) {
                    err.println(d);
                }
                return null;
            }
            Optional<InterfaceSchema> iface = new SchemaAdapter(result).iface(interfaceName);
            if (iface.isEmpty()) {
                err.println("jmojo: no interface named " + interfaceName + " in " + mojom);
                return null;
            }
            try {
                DataFile parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
                return new Loaded(iface.get(), parsed);
            } catch (DataFileException e) {
                err.println("jmojo: " + data + " is not a valid .data file: " + e.getMessage());
                return null;
            }
        }
    }

    record Loaded(InterfaceSchema iface, DataFile data) {}

    /** {@code validate}: prints PASS or the first validation error. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate one message; print PASS or the validation error name.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        MessageOptionsMixin options;

        @Override
        public Integer call() throws IOException {
            Loaded loaded = options.o.load(spec.commandLine().getErr());
            if (loaded == null) {
                return USAGE;
            }
            String verdict = ValidationCases.validate(loaded.data(), loaded.iface(),
                    options.o.side.request ? ValidationCases.Direction.REQUEST : ValidationCases.Direction.RESPONSE);
            spec.commandLine().getOut().println(verdict);
            return verdict.equals("PASS") ? OK : FAILED;
        }
    }

    /** {@code decode}: prints a valid message as readable text. */
    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Validate and print one message: method, then each parameter by name.")
    static final class Decode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        MessageOptionsMixin options;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Loaded loaded = options.o.load(spec.commandLine().getErr());
            if (loaded == null) {
                return USAGE;
            }
            List<MessagePrinter.HandleRef> handles = IntStream.range(0, loaded.data().handleCount())
                    .mapToObj(MessagePrinter.HandleRef::new).toList();
            try {
                MessageBuilder.Decoded decoded = MessageBuilder.decode(MemorySegment.ofArray(loaded.data().bytes()),
                        handles, loaded.iface(), options.o.side.response);
                out.print(MessagePrinter.print(loaded.iface().name(), decoded));
                return OK;
            } catch (ValidationException e) {
                out.println(e.error().name());
                spec.commandLine().getErr().println("jmojo: " + e.getMessage());
                return FAILED;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("jmojo: " + e.getMessage());
                return FAILED;
            }
        }
    }

    /** Wraps {@link MessageOptions} so that both subcommands declare the same options. */
    static final class MessageOptionsMixin {
        @ArgGroup(exclusive = false, multiplicity = "1")
        MessageOptions o;
    }
}
