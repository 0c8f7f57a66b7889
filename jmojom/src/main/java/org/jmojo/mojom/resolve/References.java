package org.jmojo.mojom.resolve;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.resolve.Symbols.Ctx;
import org.jmojo.mojom.resolve.Symbols.Sym;
import org.jmojo.mojom.resolve.Symbols.ValueSym;

/**
 * The attributes whose values name other definitions: {@code RuntimeFeature} (a feature),
 * {@code RequireContext} and {@code AllowedContext} (enumerators, checked by
 * {@link ContextRules}) and {@code ServiceSandbox} (an enumerator). Each is looked up where
 * Chromium's {@code _MapAttributeValue} looks it up: a feature in the element's scope, a value in
 * the module scope only, so an enumerator is written {@code Enum.kValue}. Not thread-safe; one
 * instance per compilation.
 */
final class References {

    /**
     * An attribute and the enumerator it names, if it names one.
     *
     * @param attribute the attribute as written
     * @param value the enumerator (also through an enum-typed const), or null
     */
    record Resolution(Attribute attribute, ConstantValue.EnumConstant value) {}

    private final Symbols symbols;
    private final ConstantEvaluator values;
    private final Reporter reporter;
    private final Map<String, Resolution> requireContext = new HashMap<>();
    private final Map<String, Resolution> allowedContext = new HashMap<>();
    private final Set<String> featureGuarded = new HashSet<>();

    References(Symbols symbols, ConstantEvaluator values, Reporter reporter) {
        this.symbols = symbols;
        this.values = values;
        this.reporter = reporter;
    }

    /** {@code [RuntimeFeature=F]} on an interface or method: F must be a visible feature. */
    void runtimeFeature(String owner, Attribute a, Ctx ctx) {
        if (a.kind() != Attribute.Kind.NAME) {
            return; // reported by AttributeRules
        }
        Sym f = symbols.lookupType(a.text(), ctx);
        if (f == null || !(f.node instanceof Ast.Feature)) {
            reporter.error(a.position(), "RuntimeFeature names '" + a.text() + "', which is not a feature"
                    + (f == null ? symbols.whyInvisible(a.text(), ctx, true) : " but " + Symbols.describe(f.node)));
            return;
        }
        featureGuarded.add(owner);
    }

    /** {@code [RequireContext=E.kX]} on an interface; checked where the interface is passed. */
    void requireContext(String iface, Attribute a, Ctx ctx) {
        requireContext.put(iface, new Resolution(a, enumerator(a, ctx)));
    }

    /** {@code [AllowedContext=E.kX]} on a method; checked if the method passes a context-bound interface. */
    void allowedContext(String method, Attribute a, Ctx ctx) {
        allowedContext.put(method, new Resolution(a, enumerator(a, ctx)));
    }

    /** {@code [ServiceSandbox=E.kX]} on an interface: must name an enumerator (or a const holding one). */
    void serviceSandbox(Attribute a, Ctx ctx) {
        if (a.kind() == Attribute.Kind.NAME && enumerator(a, ctx) == null) {
            reporter.error(a.position(), "ServiceSandbox names '" + a.text() + "', which is not an enum value"
                    + symbols.whyInvisible(a.text(), ctx, false));
        }
    }

    private ConstantValue.EnumConstant enumerator(Attribute a, Ctx ctx) {
        if (a.kind() != Attribute.Kind.NAME) {
            return null;
        }
        ValueSym vs = symbols.lookupValue(a.text(), ctx);
        return vs != null && values.evaluated(vs) instanceof ConstantValue.EnumConstant e ? e : null;
    }

    /** The {@code RequireContext} of an interface, or null. */
    Resolution requireContextOf(String iface) {
        return requireContext.get(iface);
    }

    /** The {@code AllowedContext} of a method ({@code module.Interface.Method}), or null. */
    Resolution allowedContextOf(String method) {
        return allowedContext.get(method);
    }

    /** Whether an interface has a {@code RuntimeFeature} naming a feature. */
    boolean isFeatureGuarded(String iface) {
        return featureGuarded.contains(iface);
    }
}
