package org.jmojo.mojom.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a compilation: the resolved files and every diagnostic. Immutable.
 *
 * <p>When {@link #hasErrors()} is true the files hold whatever could be resolved; definitions that
 * failed to resolve are left out, so generators must not run on such a result.
 *
 * @param files the files named on the command line, in the order given
 * @param importedFiles files reached only through {@code import}, in the order first reached
 * @param diagnostics errors and warnings, sorted by file, line and column
 */
public record CompilationResult(List<MojomFile> files, List<MojomFile> importedFiles, List<Diagnostic> diagnostics) {

    /** Copies the lists. */
    public CompilationResult {
        files = List.copyOf(files);
        importedFiles = List.copyOf(importedFiles);
        diagnostics = List.copyOf(diagnostics);
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

    /** Every definition of every file (requested and imported), by fully qualified name. */
    public Map<String, Definition> definitions() {
        Map<String, Definition> all = new LinkedHashMap<>();
        for (MojomFile f : files) {
            f.allDefinitions().forEach(d -> all.putIfAbsent(d.fullName(), d));
        }
        for (MojomFile f : importedFiles) {
            f.allDefinitions().forEach(d -> all.putIfAbsent(d.fullName(), d));
        }
        return all;
    }

    /** The definition with this fully qualified name, from any file. */
    public Optional<Definition> definition(String fullName) {
        return Optional.ofNullable(definitions().get(fullName));
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
        Definition d = definitions().get(fullName);
        if (d == null) {
            throw new IllegalArgumentException("no definition named " + fullName);
        }
        if (!type.isInstance(d)) {
            throw new IllegalArgumentException(
                    fullName + " is a " + d.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not a " + type.getSimpleName());
        }
        return type.cast(d);
    }
}
