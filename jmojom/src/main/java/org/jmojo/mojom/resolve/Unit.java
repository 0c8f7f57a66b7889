package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;

/**
 * A parsed file and the files it imports: the unit of name visibility. A file sees its own
 * definitions and those of every file it imports, directly or transitively. Not thread-safe.
 */
public final class Unit {
    private final Ast.File ast;
    private final String importName;
    private final List<Unit> imports = new ArrayList<>();
    private Set<Unit> closure;

    /** Creates a unit for a parsed file known to imports as {@code importName}. */
    public Unit(Ast.File ast, String importName) {
        this.ast = ast;
        this.importName = importName;
    }

    /** Records that this file imports {@code other}. */
    public void addImport(Unit other) {
        imports.add(other);
        closure = null;
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

    /** Whether definitions of {@code other} are visible from this file. */
    boolean sees(Unit other) {
        if (closure == null) {
            Set<Unit> seen = new HashSet<>();
            List<Unit> work = new ArrayList<>(List.of(this));
            while (!work.isEmpty()) {
                Unit u = work.removeLast();
                if (seen.add(u)) {
                    work.addAll(u.imports);
                }
            }
            closure = seen;
        }
        return closure.contains(other);
    }
}
