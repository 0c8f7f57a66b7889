package org.jmojo.mojom.resolve;

import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.MojomType.EndpointKind;
import org.jmojo.mojom.resolve.Symbols.Ctx;
import org.jmojo.mojom.resolve.Symbols.Sym;
import org.jmojo.mojom.resolve.Symbols.ValueSym;

/**
 * Resolves types as written to model types: looks up names, checks nullability, map keys and
 * endpoint targets. Recursion follows the written nesting, which the parser limits. Not
 * thread-safe; one instance per compilation.
 */
final class TypeResolver {
    private final Symbols symbols;
    private final Reporter reporter;

    TypeResolver(Symbols symbols, Reporter reporter) {
        this.symbols = symbols;
        this.reporter = reporter;
    }

    /** The model type, or null after reporting why there is none. */
    MojomType type(Ast.Type t, Ctx ctx) {
        return switch (t) {
            case Ast.BuiltinType b -> {
                if (b.nullable() && b.type() instanceof MojomType.Primitive) {
                    reporter.error(b.position(), "type '" + b.type().mojomName() + "' cannot be nullable: jmojo "
                            + "supports nullable strings, arrays, maps, structs, unions, handles and interfaces, not "
                            + "nullable numbers or bools");
                    yield null;
                }
                yield b.nullable() ? b.type().withNullable(true) : b.type();
            }
            case Ast.ArrayType a -> {
                MojomType element = type(a.element(), ctx);
                yield element == null ? null : new MojomType.ArrayType(element, a.fixedLength(), a.nullable());
            }
            case Ast.MapType m -> map(m, ctx);
            case Ast.EndpointType e -> endpoint(e, ctx);
            case Ast.NamedType n -> named(n, ctx);
        };
    }

    /** Map keys follow Chromium's {@code module.Map}: no nullable, handle, interface or array keys. */
    private MojomType map(Ast.MapType m, Ctx ctx) {
        MojomType key = type(m.key(), ctx);
        MojomType value = type(m.value(), ctx);
        if (key == null || value == null) {
            return null;
        }
        String why = key.nullable() ? "a nullable type"
                : key.isHandleLike() ? "a handle or interface"
                : key instanceof MojomType.ArrayType ? "an array"
                : key instanceof MojomType.MapType ? "a map"
                : null;
        if (why != null) {
            reporter.error(m.key().position(), "type '" + key.mojomName() + "' cannot be a map key: it is " + why);
            return null;
        }
        return new MojomType.MapType(key, value, m.nullable());
    }

    private MojomType endpoint(Ast.EndpointType e, Ctx ctx) {
        Sym s = symbols.lookupType(e.interfaceName(), ctx);
        if (s == null) {
            reporter.error(e.position(), "unknown interface '" + e.interfaceName() + "'"
                    + symbols.whyInvisible(e.interfaceName(), ctx, true) + symbols.suggestion(e.interfaceName(), ctx));
            return null;
        }
        if (!(s.node instanceof Ast.Interface)) {
            reporter.error(e.position(), e.kind().mojomName() + "<" + e.interfaceName() + "> needs an interface, but '"
                    + s.fullName + "' is " + Symbols.describe(s.node));
            return null;
        }
        return new MojomType.EndpointType(e.kind(), s.fullName, e.nullable());
    }

    private MojomType named(Ast.NamedType n, Ctx ctx) {
        Sym s = symbols.lookupType(n.name(), ctx);
        if (s == null) {
            ValueSym v = symbols.lookupValue(n.name(), ctx);
            if (v != null) {
                reporter.error(n.position(), "'" + n.name() + "' is " + (v.isConst() ? "a const" : "an enum value")
                        + ", not a type");
            } else {
                reporter.error(n.position(), "unknown type '" + n.name() + "'" + symbols.whyInvisible(n.name(), ctx, true)
                        + symbols.suggestion(n.name(), ctx));
            }
            return null;
        }
        if (!(s.node instanceof Ast.Interface) && (n.request() || n.associated())) {
            String syntax = n.associated() ? "associated " + n.name() + (n.request() ? "&" : "") : n.name() + "&";
            reporter.error(n.position(), "'" + syntax + "' needs an interface, but '" + s.fullName + "' is "
                    + Symbols.describe(s.node));
            return null;
        }
        return switch (s.node) {
            case Ast.Struct st -> new MojomType.StructRef(s.fullName, n.nullable());
            case Ast.Union un -> new MojomType.UnionRef(s.fullName, n.nullable());
            case Ast.Enum en -> {
                if (n.nullable()) {
                    reporter.error(n.position(), "enum type '" + n.name() + "' cannot be nullable: jmojo does not "
                            + "support nullable enums");
                    yield null;
                }
                yield new MojomType.EnumRef(s.fullName);
            }
            case Ast.Interface in -> {
                EndpointKind kind = n.associated()
                        ? (n.request() ? EndpointKind.ASSOCIATED_RECEIVER : EndpointKind.ASSOCIATED_REMOTE)
                        : (n.request() ? EndpointKind.RECEIVER : EndpointKind.REMOTE);
                yield new MojomType.EndpointType(kind, s.fullName, n.nullable());
            }
            default -> {
                reporter.error(n.position(), "'" + s.fullName + "' is " + Symbols.describe(s.node) + ", not a type");
                yield null;
            }
        };
    }
}
