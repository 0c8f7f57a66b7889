package org.jmojo.mojom.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a compilation: the resolved files and every diagnostic. Immutable and
 * thread-safe.
 *
 * <p>When {@link #hasErrors()} is true the files hold whatever could be resolved; definitions that
 * failed to resolve are left out, so generators must not run on such a result.
 */
public final class CompilationResult {
    private final List<MojomFile> files;
    private final List<MojomFile> importedFiles;
    private final List<Diagnostic> diagnostics;
    private final Map<String, Definition> definitions;
    private final DocComments docComments;

    /**
     * Creates a result.
     *
     * @param files the files named by the caller, in the order given
     * @param importedFiles files reached only through {@code import}, in the order first reached
     * @param diagnostics errors and warnings, sorted by file, line and column
     */
    public CompilationResult(List<MojomFile> files, List<MojomFile> importedFiles, List<Diagnostic> diagnostics) {
        this(files, importedFiles, diagnostics, DocComments.NONE);
    }

    /**
     * Creates a result that also knows the files' documentation comments.
     *
     * @param docComments the comments of every compiled file, by declaration name position
     */
    public CompilationResult(List<MojomFile> files, List<MojomFile> importedFiles, List<Diagnostic> diagnostics,
            DocComments docComments) {
        this.docComments = java.util.Objects.requireNonNull(docComments, "docComments");
        this.files = List.copyOf(files);
        this.importedFiles = List.copyOf(importedFiles);
        this.diagnostics = List.copyOf(diagnostics);
        Map<String, Definition> all = new LinkedHashMap<>();
        for (MojomFile f : this.files) {
            f.allDefinitions().forEach(d -> all.putIfAbsent(d.fullName(), d));
        }
        for (MojomFile f : this.importedFiles) {
            f.allDefinitions().forEach(d -> all.putIfAbsent(d.fullName(), d));
        }
        this.definitions = Collections.unmodifiableMap(all);
    }

    /** The files named by the caller, in the order given. */
    public List<MojomFile> files() {
        return files;
    }

    /** Files reached only through {@code import}, in the order first reached. */
    public List<MojomFile> importedFiles() {
        return importedFiles;
    }

    /**
     * The documentation comment of the declaration whose name is at {@code name} (a model element's
     * {@code position()}), as plain text; see {@link DocComments}.
     */
    public java.util.Optional<String> docComment(SourcePosition name) {
        return docComments.of(name);
    }

    /** Errors and warnings, sorted by file, line and column. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Whether any diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The error diagnostics only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** The warning diagnostics only. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /**
     * Every definition of every file (requested and imported), nested enums and consts included,
     * by fully qualified name, in file and declaration order. Method parameter structs are not
     * listed; reach them through {@link Method#params()} and {@link Method#response()}.
     */
    public Map<String, Definition> definitions() {
        return definitions;
    }

    /** The definition with this fully qualified name, from any file. */
    public Optional<Definition> definition(String fullName) {
        return Optional.ofNullable(definitions.get(fullName));
    }

    /** The struct with this fully qualified name; throws if there is none or it is not a struct. */
    public StructDef struct(String fullName) {
        return typed(fullName, StructDef.class);
    }

    /** The union with this fully qualified name; throws if there is none or it is not a union. */
    public UnionDef union(String fullName) {
        return typed(fullName, UnionDef.class);
    }

    /** The enum with this fully qualified name; throws if there is none or it is not an enum. */
    public EnumDef enumDef(String fullName) {
        return typed(fullName, EnumDef.class);
    }

    /** The interface with this fully qualified name; throws if there is none or it is not one. */
    public InterfaceDef iface(String fullName) {
        return typed(fullName, InterfaceDef.class);
    }

    private <T extends Definition> T typed(String fullName, Class<T> type) {
        Objects.requireNonNull(fullName, "fullName");
        Definition d = definitions.get(fullName);
        if (d == null) {
            throw new IllegalArgumentException("no definition named " + fullName);
        }
        if (!type.isInstance(d)) {
            throw new IllegalArgumentException(fullName + " is a " + d.kind().name().toLowerCase(Locale.ROOT)
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(d);
    }

    @Override
    public String toString() {
        return "CompilationResult[files=" + files.size() + ", imported=" + importedFiles.size() + ", errors="
                + errors().size() + ", warnings=" + warnings().size() + "]";
    }
}
