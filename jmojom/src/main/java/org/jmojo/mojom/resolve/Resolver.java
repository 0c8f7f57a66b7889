package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.pack.StructLayout;
import org.jmojo.mojom.resolve.AttributeRules.Place;

/**
 * Turns parsed files into the resolved model, in stages:
 *
 * <ol>
 *   <li><b>declare</b> every definition and value ({@link Symbols});
 *   <li><b>resolve</b> each file, imports first: types ({@link TypeResolver}), consts and enum
 *       values ({@link ConstantEvaluator}), ordinals ({@link Ordinals}), versions
 *       ({@link Versions}) and attributes ({@link AttributeRules}, {@link References}), in
 *       Chromium's two passes ({@link DefinitionResolver});
 *   <li><b>pack</b> every struct and parameter struct ({@link StructLayout});
 *   <li><b>check</b> the whole model: {@code [Stable]} dependencies ({@link StableRules}),
 *       contexts ({@link ContextRules}), runtime features ({@link FeatureRules}) and names that
 *       Java would merge ({@link JavaNameRules}).
 * </ol>
 *
 * <p>Every broken rule is reported with its position; resolution goes on after an error so one
 * run reports as many problems as it can. A definition that fails to resolve is left out of the
 * model. Not thread-safe; one instance per compilation.
 */
public final class Resolver {

    private final Reporter reporter;

    /** Creates a resolver that reports to {@code reporter}. */
    public Resolver(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * Resolves the units. Every unit reachable through imports must be in the list, and every
     * unit must come after the units it imports.
     *
     * @return one resolved file per unit, same order
     */
    public List<MojomFile> resolve(List<Unit> units) {
        Symbols symbols = new Symbols(reporter);
        for (Unit u : units) {
            symbols.declare(u);
        }
        for (Unit u : units) {
            symbols.checkImportsDisjoint(u);
        }
        TypeResolver types = new TypeResolver(symbols, reporter);
        ConstantEvaluator values = new ConstantEvaluator(symbols, types, reporter);
        References references = new References(symbols, values, reporter);
        DefinitionResolver definitions = new DefinitionResolver(symbols, types, values, references, reporter);

        List<MojomFile> files = new ArrayList<>();
        for (Unit u : units) {
            files.add(file(u, pack(definitions.resolve(u))));
        }

        Map<String, Definition> byName = new LinkedHashMap<>();
        List<Definition> all = new ArrayList<>();
        for (MojomFile f : files) {
            for (Definition d : f.allDefinitions()) {
                byName.putIfAbsent(d.fullName(), d);
                all.add(d);
            }
        }
        StableRules.check(all, byName, reporter);
        ContextRules.check(all, byName, references, reporter);
        FeatureRules.check(all, references, reporter);
        JavaNameRules.check(files, reporter);
        return files;
    }

    /** The packing stage: gives every resolved struct and parameter struct its layout. */
    private static List<Definition> pack(List<DefinitionResolver.Resolved> resolved) {
        List<Definition> out = new ArrayList<>();
        for (DefinitionResolver.Resolved r : resolved) {
            out.add(switch (r) {
                case DefinitionResolver.Finished f -> f.definition();
                case DefinitionResolver.PendingStruct s -> StructLayout.layout(s.spec());
                case DefinitionResolver.PendingInterface i -> StructLayout.layout(i.spec());
            });
        }
        return out;
    }

    private MojomFile file(Unit u, List<Definition> definitions) {
        Ast.File f = u.ast();
        Attributes moduleAttrs = f.module() == null ? Attributes.NONE : f.module().attributes();
        AttributeRules.check(moduleAttrs, Place.MODULE, u.module(), reporter);
        if (f.module() != null && moduleAttrs.text("JavaPackage").isEmpty() && AttributeRules.isJdkPackage(u.module())) {
            reporter.error(f.module().position(), "module " + u.module() + " would generate Java package " + u.module()
                    + ", which " + AttributeRules.JDK_PACKAGE_RULE + "; give it a [JavaPackage]");
        }
        for (Ast.Import imp : f.imports()) {
            AttributeRules.check(imp.attributes(), Place.IMPORT, "\"" + imp.path() + "\"", reporter);
        }
        return new MojomFile(f.path(), u.importName(), u.module(), moduleAttrs,
                f.imports().stream().map(Ast.Import::path).toList(), definitions);
    }
}
