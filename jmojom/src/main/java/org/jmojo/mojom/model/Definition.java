package org.jmojo.mojom.model;

/**
 * A named, resolved definition: struct, union, enum, const, interface or feature.
 *
 * <p>All definitions are immutable values. Nested enums and consts (inside a struct or an
 * interface) are definitions in their own right; their {@link #fullName()} includes the enclosing
 * definition ({@code mojo.test.StructWithEnum.EnumWithin}).
 */
public sealed interface Definition
        permits StructDef, UnionDef, EnumDef, ConstDef, InterfaceDef, FeatureDef {

    /** The kinds of definition. */
    enum Kind {
        STRUCT,
        UNION,
        ENUM,
        CONST,
        INTERFACE,
        FEATURE
    }

    /** The simple name as declared. */
    String name();

    /** The fully qualified name: module, enclosing definitions and the simple name, dot-separated. */
    String fullName();

    /** The kind of definition. */
    Kind kind();

    /** The attributes written on the definition (after {@code EnableIf} filtering). */
    Attributes attributes();

    /** Where the definition's name appears. */
    SourcePosition position();
}
