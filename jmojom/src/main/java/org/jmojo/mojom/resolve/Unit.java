package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.model.SourcePosition;

/**
 * A parsed file and the files it imports directly: the unit of name visibility. As in Chromium's
 * {@code translate.py}, a file sees its own definitions and those of the files it imports
 * directly, not those its imports import. Not thread-safe.
 */
public final class Unit {
    private final Ast.File ast;
    private final String importName;
    private final List<Unit> imports = new ArrayList<>();
    /** Where each direct import is written. */
    private final Map<Unit, SourcePosition> importedAt = new IdentityHashMap<>();

    /** Creates a unit for a parsed file known to imports as {@code importName}. */
    public Unit(Ast.File ast, String importName) {
        this.ast = ast;
        this.importName = importName;
    }

    /** Records that this file imports {@code other} with the import statement at {@code at}. */
    public void addImport(Unit other, SourcePosition at) {
        if (!imports.contains(other)) {
            imports.add(other);
            importedAt.put(other, at);
        }
    }

    /** Where the import of {@code other} is written, or null if this file does not import it. */
    SourcePosition importedAt(Unit other) {
        return importedAt.get(other);
    }

    /** The files this one imports directly, in import order. */
    public List<Unit> imports() {
        return List.copyOf(imports);
    }

    /** The syntax tree. */
    public Ast.File ast() {
        return ast;
    }

    /** The name the file has in import statements. */
    public String importName() {
        return importName;
    }

    /** The module name, empty if none. */
    public String module() {
        return ast.module() == null ? "" : ast.module().name();
    }

    /** Whether definitions of {@code other} are visible from this file: itself or a direct import. */
    boolean sees(Unit other) {
        return other == this || imports.contains(other);
    }
}
