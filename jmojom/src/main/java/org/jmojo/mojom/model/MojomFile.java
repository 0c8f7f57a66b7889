package org.jmojo.mojom.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One resolved {@code .mojom} file.
 *
 * @param path the file as given on the command line or found on the import path
 * @param importName the path the file is known by in {@code import} statements (relative to the
 *     import root it was found under; for a file given directly, its path as given)
 * @param module the module name ({@code mojo.test}), or the empty string if there is no
 *     {@code module} statement
 * @param attributes attributes on the {@code module} statement (e.g. {@code JavaPackage})
 * @param imports the import strings as written, in order
 * @param definitions the top-level definitions in declaration order (after {@code EnableIf}
 *     filtering); nested enums and consts hang off their struct or interface
 */
public record MojomFile(
        Path path,
        String importName,
        String module,
        Attributes attributes,
        List<String> imports,
        List<Definition> definitions) {

    /** Copies the lists. */
    public MojomFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(importName, "importName");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(attributes, "attributes");
        imports = List.copyOf(imports);
        definitions = List.copyOf(definitions);
    }

    /** Every definition of the file, nested enums and consts included, parents before children. */
    public List<Definition> allDefinitions() {
        List<Definition> out = new ArrayList<>();
        for (Definition d : definitions) {
            out.add(d);
            switch (d) {
                case StructDef s -> {
                    out.addAll(s.enums());
                    out.addAll(s.consts());
                }
                case InterfaceDef i -> {
                    out.addAll(i.enums());
                    out.addAll(i.consts());
                }
                case FeatureDef f -> out.addAll(f.consts());
                default -> {}
            }
        }
        return out;
    }

    /** The value of {@code [JavaPackage="..."]} on the module, if any. */
    public Optional<String> javaPackage() {
        return attributes.text("JavaPackage");
    }
}
