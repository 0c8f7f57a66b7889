package org.jmojo.mojom;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.lex.DocCommentIndex;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.parse.ConditionalFeatures;
import org.jmojo.mojom.parse.Parser;
import org.jmojo.mojom.resolve.Resolver;
import org.jmojo.mojom.resolve.Unit;

/**
 * Compiles {@code .mojom} files to the resolved model: parse, follow imports, resolve names,
 * ordinals, versions and constants, check attributes, pack struct layouts.
 *
 * <p>Bad input never throws: every problem becomes a {@link org.jmojo.mojom.model.Diagnostic} in
 * the result. The class is stateless and thread-safe; each call is an independent compilation.
 *
 * <p>Imports are looked up, in order, under each import root ({@code -I}), then beside the
 * importing file, then relative to the working directory. An import names a path relative to such
 * a root: an absolute path, a NUL character, or {@code ..} that climbs above the root is an error.
 * Imports may nest at most {@link #MAX_IMPORT_DEPTH} files deep. A file reached twice (by two
 * paths to the same real file) is parsed once.
 */
public final class MojomCompiler {
    /** The longest chain of files each importing the next; real builds nest a few dozen at most. */
    public static final int MAX_IMPORT_DEPTH = 200;

    private MojomCompiler() {}

    /**
     * Compiles the given files.
     *
     * @param files the {@code .mojom} files to compile
     * @param importPaths roots under which {@code import "a/b.mojom"} is searched
     * @param enabledFeatures names that make {@code [EnableIf=name]} elements present and
     *     {@code [EnableIfNot=name]} elements absent
     * @return the resolved files and every diagnostic
     */
    public static CompilationResult compile(List<Path> files, List<Path> importPaths, Set<String> enabledFeatures) {
        return new Run(List.copyOf(importPaths), Set.copyOf(enabledFeatures)).compile(List.copyOf(files));
    }

    /** Compiles a single in-memory source (for tests and tools); imports resolve under {@code importPaths}. */
    public static CompilationResult compileSource(
            Path name, String source, List<Path> importPaths, Set<String> enabledFeatures) {
        return new Run(List.copyOf(importPaths), Set.copyOf(enabledFeatures)).compileText(name, source);
    }

    /** One compilation; not thread-safe. */
    private static final class Run {
        private final List<Path> importPaths;
        private final Set<String> enabled;
        private final Reporter reporter = new Reporter();
        /** Parsed units by real path; value empty if the file failed to load or parse. */
        private final Map<Path, Optional<Unit>> byPath = new LinkedHashMap<>();
        private final List<Unit> order = new ArrayList<>();
        /** Files whose imports are being loaded, outermost first: the current import chain. */
        private final List<Path> loading = new ArrayList<>();
        /** The documentation comments of each parsed file, by the path its positions name. */
        private final Map<Path, DocCommentIndex> docs = new HashMap<>();

        Run(List<Path> importPaths, Set<String> enabled) {
            this.importPaths = importPaths;
            this.enabled = enabled;
        }

        CompilationResult compile(List<Path> files) {
            List<Unit> requested = new ArrayList<>();
            for (Path f : files) {
                load(f, importNameOf(f), null).ifPresent(requested::add);
            }
            return finish(requested);
        }

        CompilationResult compileText(Path name, String text) {
            List<Unit> requested = new ArrayList<>();
            parse(name, text, importNameOf(name)).ifPresent(u -> {
                Path key = name.toAbsolutePath().normalize();
                byPath.put(key, Optional.of(u));
                requested.add(u);
                loading.add(key);
                loadImports(u);
                loading.removeLast();
            });
            return finish(requested);
        }

        private CompilationResult finish(List<Unit> requested) {
            List<Unit> importsFirst = importsFirst(order);
            List<MojomFile> resolved = new Resolver(reporter).resolve(importsFirst);
            List<MojomFile> mainFiles = new ArrayList<>();
            List<MojomFile> imported = new ArrayList<>();
            for (Unit u : order) {
                MojomFile f = resolved.get(importsFirst.indexOf(u));
                (requested.contains(u) ? mainFiles : imported).add(f);
            }
            // Keep the requested files in the order the caller gave them.
            mainFiles.sort((a, b) -> Integer.compare(indexOf(requested, a), indexOf(requested, b)));
            return new CompilationResult(mainFiles, imported, reporter.sorted(), name -> {
                DocCommentIndex index = docs.get(name.file());
                return index == null ? Optional.empty() : index.of(name);
            });
        }

        /**
         * The units ordered so that each comes after the units it imports (imports form no
         * cycles: a circular import is reported and not recorded). Iterative, so import chains
         * cannot overflow the stack.
         */
        private static List<Unit> importsFirst(List<Unit> units) {
            record Frame(Unit unit, Iterator<Unit> imports) {}
            List<Unit> out = new ArrayList<>();
            Set<Unit> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Deque<Frame> stack = new ArrayDeque<>();
            for (Unit root : units) {
                if (seen.add(root)) {
                    stack.push(new Frame(root, root.imports().iterator()));
                }
                while (!stack.isEmpty()) {
                    Frame top = stack.peek();
                    if (top.imports().hasNext()) {
                        Unit next = top.imports().next();
                        if (seen.add(next)) {
                            stack.push(new Frame(next, next.imports().iterator()));
                        }
                    } else {
                        out.add(stack.pop().unit());
                    }
                }
            }
            return out;
        }

        private static int indexOf(List<Unit> units, MojomFile f) {
            for (int i = 0; i < units.size(); i++) {
                if (units.get(i).ast().path().equals(f.path())) {
                    return i;
                }
            }
            return Integer.MAX_VALUE;
        }

        private String importNameOf(Path file) {
            Path abs = file.toAbsolutePath().normalize();
            for (Path root : importPaths) {
                Path r = root.toAbsolutePath().normalize();
                if (abs.startsWith(r)) {
                    return r.relativize(abs).toString().replace('\\', '/');
                }
            }
            return file.toString().replace('\\', '/');
        }

        /** Loads a file once; {@code from} is the import statement that named it, or null. */
        private Optional<Unit> load(Path file, String importName, SourcePosition from) {
            Path key = realPath(file);
            if (loading.contains(key) && from != null) {
                List<String> chain = new ArrayList<>();
                for (Path p : loading.subList(loading.indexOf(key), loading.size())) {
                    chain.add(p.getFileName().toString());
                }
                chain.add(key.getFileName().toString());
                reporter.error(from, "circular import: " + String.join(" -> ", chain));
                return Optional.empty();
            }
            Optional<Unit> known = byPath.get(key);
            if (known != null) {
                return known;
            }
            byPath.put(key, Optional.empty());
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                reporter.error(new SourcePosition(file, 1, 1), "file is not valid UTF-8");
                return Optional.empty();
            } catch (IOException e) {
                SourcePosition at = from != null ? from : new SourcePosition(file, 1, 1);
                reporter.error(at, "cannot read " + file + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
                return Optional.empty();
            }
            Optional<Unit> unit = parse(file, text, importName);
            byPath.put(key, unit);
            if (unit.isPresent()) {
                loading.add(key);
                loadImports(unit.get());
                loading.removeLast();
            }
            return unit;
        }

        /**
         * The identity of a file: its real path, or (when it cannot be resolved, e.g. because it
         * does not exist) its normalized absolute path; reading it then reports the problem.
         */
        private static Path realPath(Path file) {
            try {
                return file.toRealPath();
            } catch (IOException e) {
                return file.toAbsolutePath().normalize();
            }
        }

        private Optional<Unit> parse(Path file, String text, String importName) {
            Optional<Ast.File> ast = new Parser(file, text, reporter).parse();
            if (ast.isEmpty()) {
                return Optional.empty();
            }
            docs.put(file, DocCommentIndex.of(file, text));
            Unit u = new Unit(new ConditionalFeatures(enabled, reporter).filter(ast.get()), importName);
            order.add(u);
            return Optional.of(u);
        }

        private void loadImports(Unit u) {
            for (Ast.Import imp : u.ast().imports()) {
                String problem = importPathProblem(imp.path());
                if (problem != null) {
                    reporter.error(imp.position(), "import \"" + printable(imp.path()) + "\": " + problem);
                    continue;
                }
                if (loading.size() >= MAX_IMPORT_DEPTH) {
                    reporter.error(imp.position(), "imports nest more than " + MAX_IMPORT_DEPTH + " files deep");
                    continue;
                }
                Optional<Path> found = findImport(normalizeImport(imp.path()), u.ast().path());
                if (found.isEmpty()) {
                    reporter.error(imp.position(), "cannot find imported file \"" + imp.path() + "\" under any "
                            + "import root (-I), beside the importing file, or in the working directory");
                    continue;
                }
                load(found.get(), imp.path(), imp.position()).ifPresent(i -> u.addImport(i, imp.position()));
            }
        }

        /**
         * Why an import string cannot name a file under a root, or null: it is empty, holds a
         * character no path may hold, is absolute, or climbs above its root with {@code ..}.
         */
        private static String importPathProblem(String path) {
            if (path.isEmpty()) {
                return "the path is empty";
            }
            if (path.indexOf('\0') >= 0) {
                return "the path contains a NUL character";
            }
            if (path.startsWith("/") || path.startsWith("\\") || path.matches("(?s)[A-Za-z]:.*")) {
                return "imports are relative to an import root; an absolute path is not allowed";
            }
            int depth = 0;
            for (String part : path.split("[/\\\\]")) {
                if (part.equals("..")) {
                    if (--depth < 0) {
                        return "'..' climbs out of the import root";
                    }
                } else if (!part.isEmpty() && !part.equals(".")) {
                    depth++;
                }
            }
            try {
                Path.of(path);
            } catch (java.nio.file.InvalidPathException e) {
                return "not a valid path on this system (" + e.getReason() + ")";
            }
            return null;
        }

        /** The import path with {@code .} and {@code a/..} removed and {@code /} separators. */
        private static String normalizeImport(String path) {
            List<String> parts = new ArrayList<>();
            for (String part : path.split("[/\\\\]")) {
                if (part.equals("..")) {
                    parts.removeLast();
                } else if (!part.isEmpty() && !part.equals(".")) {
                    parts.add(part);
                }
            }
            return String.join("/", parts);
        }

        private static String printable(String s) {
            StringBuilder sb = new StringBuilder();
            for (char c : s.toCharArray()) {
                sb.append(c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            return sb.toString();
        }

        private List<Path> searchRoots(Path importer) {
            List<Path> roots = new ArrayList<>(importPaths);
            Path dir = importer.toAbsolutePath().getParent();
            if (dir != null) {
                roots.add(dir);
            }
            roots.add(Path.of(""));
            return roots;
        }

        private Optional<Path> findImport(String name, Path importer) {
            for (Path root : searchRoots(importer)) {
                Path candidate = root.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
    }
}
