package org.jmojo.mojom.resolve;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.MojomType.PrimitiveKind;
import org.jmojo.mojom.model.SourcePosition;
import org.jmojo.mojom.resolve.Symbols.Ctx;
import org.jmojo.mojom.resolve.Symbols.Sym;
import org.jmojo.mojom.resolve.Symbols.ValueSym;

/**
 * Evaluates values: const definitions, enumerator numbers and field defaults, each checked
 * against its type. A value may name a const or enumerator; as in Chromium, consts and
 * enumerators can only name values declared before them (see {@link Symbols}), so every name
 * refers to a value that is already evaluated and evaluation never recurses. Chains of references
 * are still limited to {@link #MAX_REFERENCE_CHAIN} links. Not thread-safe; one instance per
 * compilation.
 */
final class ConstantEvaluator {

    /** The longest chain of consts or enumerators each defined by the next; real files use a few. */
    static final int MAX_REFERENCE_CHAIN = 100;

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private static final Map<String, Double> BUILTIN_VALUES = Map.of(
            "double.INFINITY", Double.POSITIVE_INFINITY,
            "double.NEGATIVE_INFINITY", Double.NEGATIVE_INFINITY,
            "double.NAN", Double.NaN,
            "float.INFINITY", Double.POSITIVE_INFINITY,
            "float.NEGATIVE_INFINITY", Double.NEGATIVE_INFINITY,
            "float.NAN", Double.NaN);

    /** An evaluated value and the length of the reference chain that produced it. */
    record Evaluated(ConstantValue value, int chain) {}

    private final Symbols symbols;
    private final TypeResolver types;
    private final Reporter reporter;
    /** Consts evaluated so far (absent: not yet, or failed and reported). */
    private final Map<Sym, Evaluated> consts = new IdentityHashMap<>();
    /** Enumerator numbers computed so far, with their chain lengths. */
    private final Map<ValueSym, int[]> enumerators = new HashMap<>();

    ConstantEvaluator(Symbols symbols, TypeResolver types, Reporter reporter) {
        this.symbols = symbols;
        this.types = types;
        this.reporter = reporter;
    }

    // ---- consts -------------------------------------------------------------------------------

    /** A const definition with its type and value, or null after reporting why it has none. */
    ConstDef constDef(Sym s, Ast.Const c) {
        Ctx ctx = new Ctx(s.unit, s.scope, s.order);
        MojomType t = types.type(c.type(), ctx);
        if (t == null) {
            return null;
        }
        boolean allowed = t instanceof MojomType.Primitive || t instanceof MojomType.EnumRef
                || (t instanceof MojomType.StringType st && !st.nullable());
        if (!allowed) {
            reporter.error(c.type().position(), "const " + s.fullName + " has type " + t.mojomName()
                    + "; consts must be a primitive, a string or an enum");
            return null;
        }
        Evaluated v = value(c.value(), t, ctx, "const " + s.fullName);
        if (v == null) {
            return null;
        }
        consts.put(s, v);
        return new ConstDef(c.name(), s.fullName, c.attributes(), c.position(), t, v.value());
    }

    /**
     * Evaluates {@code v} as a value of type {@code target}: literals are checked against the type,
     * names resolve from {@code ctx} (then, for an enum-typed target, inside the enum).
     */
    Evaluated value(Ast.Value v, MojomType target, Ctx ctx, String what) {
        SourcePosition pos = v.position();
        return switch (v) {
            case Ast.DefaultLiteral d -> literal(coerce(new ConstantValue.DefaultStruct(), "'default'", target, pos, what));
            case Ast.IntLiteral i -> literal(coerce(new ConstantValue.IntegerValue(i.value()), i.text(), target, pos, what));
            case Ast.FloatLiteral f -> literal(coerce(new ConstantValue.FloatValue(f.value()), f.text(), target, pos, what));
            case Ast.StringLiteral s -> literal(coerce(new ConstantValue.StringValue(s.value()),
                    "string \"" + s.value() + "\"", target, pos, what));
            case Ast.BoolLiteral b -> literal(coerce(new ConstantValue.BoolValue(b.value()), Boolean.toString(b.value()),
                    target, pos, what));
            case Ast.NameRef r -> {
                Evaluated named = named(r, target, ctx);
                if (named == null) {
                    yield null;
                }
                ConstantValue coerced = coerce(named.value(), "'" + r.name() + "'", target, pos, what);
                yield coerced == null ? null : new Evaluated(coerced, named.chain());
            }
        };
    }

    private static Evaluated literal(ConstantValue v) {
        return v == null ? null : new Evaluated(v, 0);
    }

    /** Resolves a name used as a value; reports and returns null if it names nothing usable. */
    private Evaluated named(Ast.NameRef r, MojomType target, Ctx ctx) {
        ValueSym vs = symbols.lookupValue(r.name(), ctx);
        if (vs == null && target instanceof MojomType.EnumRef e) {
            for (Sym enumSym : symbols.typesNamed(e.fullName())) {
                vs = symbols.lookupValueInEnum(r.name(), enumSym, ctx);
                if (vs != null) {
                    break;
                }
            }
        }
        if (vs == null) {
            Double builtin = BUILTIN_VALUES.get(r.name());
            if (builtin != null) {
                return new Evaluated(new ConstantValue.FloatValue(builtin), 0);
            }
            reporter.error(r.position(), "unknown identifier '" + r.name() + "'" + symbols.whyInvisible(r.name(), ctx, false));
            return null;
        }
        Evaluated found;
        if (vs.isConst()) {
            found = consts.get(vs.owner());
        } else {
            int[] number = enumerators.get(vs);
            found = number == null ? null : new Evaluated(new ConstantValue.EnumConstant(vs.owner().fullName,
                    vs.enumerator().name(), number[0]), number[1]);
        }
        if (found == null) {
            // The referenced value failed to evaluate; that is reported where it is defined.
            return null;
        }
        if (found.chain() + 1 > MAX_REFERENCE_CHAIN) {
            reporter.error(r.position(), "'" + r.name() + "' ends a chain of more than " + MAX_REFERENCE_CHAIN
                    + " values each defined by the next");
            return null;
        }
        return new Evaluated(found.value(), found.chain() + 1);
    }

    /** The value of a const or enumerator evaluated so far, or null if it is not (or failed). */
    ConstantValue evaluated(ValueSym vs) {
        if (vs.isConst()) {
            Evaluated e = consts.get(vs.owner());
            return e == null ? null : e.value();
        }
        int[] number = enumerators.get(vs);
        return number == null ? null
                : new ConstantValue.EnumConstant(vs.owner().fullName, vs.enumerator().name(), number[0]);
    }

    // ---- enumerators --------------------------------------------------------------------------

    /**
     * The number of an enumerator, given the previous one's ({@code previous}, -1 before the
     * first): its literal, the named enumerator's or integer const's value, or previous + 1.
     * Returns null after reporting an error. The number is recorded for later references.
     */
    Long enumerator(ValueSym self, Ast.EnumValue v, long previous, Ctx ctx) {
        long value;
        int chain = 0;
        if (v.value() == null) {
            value = previous + 1;
        } else if (v.value() instanceof Ast.IntLiteral lit) {
            if (lit.value().compareTo(INT32_MIN) < 0 || lit.value().compareTo(INT32_MAX) > 0) {
                reporter.error(lit.position(), "enum value " + v.name() + " = " + lit.value() + " is out of the int32 range");
                return null;
            }
            value = lit.value().longValue();
        } else if (v.value() instanceof Ast.NameRef ref) {
            Evaluated e = named(ref, null, ctx);
            if (e == null) {
                return null;
            }
            BigInteger n = switch (e.value()) {
                case ConstantValue.IntegerValue i -> i.value();
                case ConstantValue.EnumConstant ec -> BigInteger.valueOf(ec.value());
                default -> null;
            };
            ValueSym named = symbols.lookupValue(ref.name(), ctx);
            boolean enumTypedConst = e.value() instanceof ConstantValue.EnumConstant && named != null && named.isConst();
            if (n == null || enumTypedConst) {
                reporter.error(ref.position(), "enum value " + v.name() + " must be an integer, but '" + ref.name()
                        + "' is " + (named != null && named.isConst() ? "a const of " : "") + kindOf(e.value()));
                return null;
            }
            if (n.compareTo(INT32_MIN) < 0 || n.compareTo(INT32_MAX) > 0) {
                reporter.error(ref.position(), "enum value " + v.name() + " = " + ref.name() + " = " + n
                        + " is out of the int32 range");
                return null;
            }
            value = n.longValue();
            chain = e.chain();
        } else {
            reporter.error(v.value().position(), "enum value " + v.name() + " must be an integer or the name of another "
                    + "enum value");
            return null;
        }
        if (value > Integer.MAX_VALUE) {
            reporter.error(v.position(), "enum value " + v.name() + " = " + value + " is out of the int32 range");
            return null;
        }
        if (value == -128 || value == -127) {
            reporter.error(v.position(), "enum value " + v.name() + " = " + value + ": -128 and -127 are reserved "
                    + "(Chromium's C++ bindings use them as hash-table markers for enums)");
            return null;
        }
        if (self != null) {
            enumerators.put(self, new int[] {(int) value, chain});
        }
        return value;
    }

    // ---- coercion -----------------------------------------------------------------------------

    /** Converts a value to the target type, checking kind and range; null after reporting. */
    ConstantValue coerce(ConstantValue v, String shown, MojomType target, SourcePosition pos, String what) {
        String tn = target.mojomName();
        switch (target) {
            case MojomType.Primitive p when p.kind().isInteger() -> {
                if (v instanceof ConstantValue.IntegerValue i) {
                    BigInteger[] range = range(p.kind());
                    if (i.value().compareTo(range[0]) < 0 || i.value().compareTo(range[1]) > 0) {
                        reporter.error(pos, "value " + i.value() + " of " + what + " is out of range for " + tn
                                + " (" + range[0] + ".." + range[1] + ")");
                        return null;
                    }
                    return v;
                }
            }
            case MojomType.Primitive p when p.kind().isFloatingPoint() -> {
                double d;
                if (v instanceof ConstantValue.IntegerValue i) {
                    d = i.value().doubleValue();
                } else if (v instanceof ConstantValue.FloatValue f) {
                    d = f.value();
                } else {
                    break;
                }
                if (p.kind() == PrimitiveKind.FLOAT) {
                    float rounded = (float) d;
                    if (Float.isInfinite(rounded) && !Double.isInfinite(d)) {
                        reporter.error(pos, "value " + shown + " of " + what + " is out of range for float");
                        return null;
                    }
                    d = rounded;
                } else if (Double.isInfinite(d) && v instanceof ConstantValue.IntegerValue) {
                    reporter.error(pos, "value " + shown + " of " + what + " is out of range for double");
                    return null;
                }
                return new ConstantValue.FloatValue(d);
            }
            case MojomType.Primitive p -> {
                if (v instanceof ConstantValue.BoolValue) {
                    return v;
                }
            }
            case MojomType.StringType s -> {
                if (v instanceof ConstantValue.StringValue) {
                    return v;
                }
            }
            case MojomType.EnumRef e -> {
                if (v instanceof ConstantValue.EnumConstant c && c.enumName().equals(e.fullName())) {
                    return v;
                }
            }
            case MojomType.StructRef s -> {
                if (v instanceof ConstantValue.DefaultStruct) {
                    return v;
                }
                reporter.error(pos, what + " of struct type " + tn + " can only default to 'default', not " + shown);
                return null;
            }
            default -> {
                reporter.error(pos, what + " of type " + tn + " cannot have a default value");
                return null;
            }
        }
        if (v instanceof ConstantValue.DefaultStruct) {
            reporter.error(pos, "'default' is only valid for struct-typed fields, not for " + what + " of type " + tn);
        } else {
            reporter.error(pos, "cannot use " + shown + " (" + kindOf(v) + ") as the value of " + what + " of type " + tn);
        }
        return null;
    }

    static String kindOf(ConstantValue v) {
        return switch (v) {
            case ConstantValue.IntegerValue i -> "an integer";
            case ConstantValue.FloatValue f -> "a floating-point value";
            case ConstantValue.BoolValue b -> "a bool";
            case ConstantValue.StringValue s -> "a string";
            case ConstantValue.EnumConstant e -> "a value of enum " + e.enumName();
            case ConstantValue.DefaultStruct d -> "a default struct";
        };
    }

    private static BigInteger[] range(PrimitiveKind k) {
        return switch (k) {
            case INT8 -> new BigInteger[] {BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE)};
            case UINT8 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFF)};
            case INT16 -> new BigInteger[] {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
            case UINT16 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFFFF)};
            case INT32 -> new BigInteger[] {INT32_MIN, INT32_MAX};
            case UINT32 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL)};
            case INT64 -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
            case UINT64 -> new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)};
            default -> throw new IllegalArgumentException("not an integer kind: " + k);
        };
    }
}
