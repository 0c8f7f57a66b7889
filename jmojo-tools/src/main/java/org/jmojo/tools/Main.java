package org.jmojo.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import org.jmojo.conformance.MojomCompileException;
import org.jmojo.conformance.SchemaAdapter;
import org.jmojo.conformance.ValidationCases;
import org.jmojo.mojom.MojomCompiler;
import org.jmojo.mojom.ToolVersion;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.Diagnostic;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code jmojo} command line behind {@code ./jmojo compile|check-compat|conformance|validate|decode}.
 * Every subcommand answers {@code --help} with its own usage and {@code --version} with the version,
 * and does nothing else.
 *
 * <p>Exit status: 0 success, 1 failed cases or an invalid message, 2 usage errors and unusable
 * input (unreadable files, {@code .mojom} compile errors, a broken {@code .data} file, a binary file
 * given as {@code .data} text).
 */
@Command(name = "jmojo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "jmojo tools.",
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
            commandLine.getErr().println("jmojo " + commandLine.getCommandName() + ": " + describe(e));
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

    /** {@code --version}: the version jmojom's build recorded (one version for the whole project). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ToolVersion.LINE};
        }
    }

    /** What went wrong, for a user: the file and the reason for I/O, every located error for .mojom. */
    static String describe(Exception e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case MojomCompileException m -> m.getMessage();
            case IOException io -> "cannot read input: " + io.getMessage();
            default -> "internal error: " + e;
        };
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
    @Command(name = "conformance", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
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

        @Option(names = "--raw", description = "MESSAGE is a file of the message's raw bytes (a captured "
                + "message), not the .data text format.")
        boolean raw;

        @Option(names = "--handles", paramLabel = "N", description = "With --raw: how many handles the message "
                + "carries (default 0). A .data file says so itself, with [handles]N.")
        Integer handles;

        @Parameters(index = "0", paramLabel = "MESSAGE", description = "The message: a .data text file (the "
                + "format of the conformance cases), or with --raw the message's bytes.")
        Path data;

        static final class Side {
            @Option(names = "--request", required = true, description = "Validate as a receiver reads requests.")
            boolean request;

            @Option(names = "--response", required = true, description = "Validate as a remote reads responses.")
            boolean response;
        }

        /** Compiles, finds the interface and parses the message; null (after reporting) on a usage error. */
        Loaded load(CommandLine.Model.CommandSpec command) throws IOException {
            PrintWriter err = command.commandLine().getErr();
            String jmojo = "jmojo " + command.name() + ": ";
            CompilationResult result = MojomCompiler.compile(mojom, importPaths, new LinkedHashSet<>());
            if (result.hasErrors()) {
                for (Diagnostic d : result.diagnostics()) {
                    err.println(d);
                }
                return null;
            }
            Optional<InterfaceSchema> iface = new SchemaAdapter(result).iface(interfaceName);
            if (iface.isEmpty()) {
                err.println(jmojo + "no interface named " + interfaceName + " in " + mojom);
                return null;
            }
            if (handles != null && (!raw || handles < 0)) {
                err.println(raw ? jmojo + "--handles must not be negative: " + handles
                        : jmojo + "--handles goes with --raw; a .data file declares its handles with [handles]N");
                return null;
            }
            byte[] bytes = Files.readAllBytes(data);
            if (raw) {
                return new Loaded(iface.get(), new DataFile(bytes, handles == null ? 0 : handles));
            }
            String notText = notText(bytes);
            if (notText != null) {
                err.println(jmojo + data + " is not a .data text file: " + notText + ".\n"
                        + "  For a file of raw message bytes add --raw (and --handles N if the message carries handles).");
                return null;
            }
            try {
                return new Loaded(iface.get(), DataFile.parse(new String(bytes, StandardCharsets.UTF_8)));
            } catch (DataFileException e) {
                err.println(jmojo + data + " is not a valid .data file: " + e.getMessage());
                return null;
            }
        }
    }

    /**
     * Why {@code bytes} cannot be {@code .data} text, or null if they can: the first byte that is not
     * UTF-8, or a NUL byte (which no text file holds and nearly every binary message does).
     */
    static String notText(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = utf8.decode(in, CharBuffer.allocate(bytes.length), true);
        if (r.isError()) {
            return String.format("byte 0x%02x at offset %d is not UTF-8 text", bytes[in.position()] & 0xff,
                    in.position());
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return "it holds a NUL byte at offset " + i;
            }
        }
        return null;
    }

    record Loaded(InterfaceSchema iface, DataFile data) {}

    /** {@code validate}: prints PASS or the first validation error. */
    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Validate one message; print PASS or the validation error name.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        MessageOptionsMixin options;

        @Override
        public Integer call() throws IOException {
            Loaded loaded = options.o.load(spec);
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
    @Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Validate and print one message: method, then each parameter by name.")
    static final class Decode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        MessageOptionsMixin options;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Loaded loaded = options.o.load(spec);
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
                spec.commandLine().getErr().println("jmojo decode: " + e.getMessage());
                return FAILED;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("jmojo decode: " + e.getMessage());
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
