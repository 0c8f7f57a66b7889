package org.jmojo.mojom.ast;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.SourcePosition;

/**
 * The syntax tree of one {@code .mojom} file, as written: names are unresolved, ordinals and
 * values unevaluated, and every node carries its position. All nodes are immutable records.
 */
public final class Ast {
    private Ast() {}

    /** A whole file. {@code module} is null when the file has no {@code module} statement. */
    public record File(Path path, Module module, List<Import> imports, List<Definition> definitions) {
        public File {
            imports = List.copyOf(imports);
            definitions = List.copyOf(definitions);
        }
    }

    /** {@code module a.b.c;} */
    public record Module(String name, Attributes attributes, SourcePosition position) {}

    /** {@code import "path";} */
    public record Import(String path, Attributes attributes, SourcePosition position) {}

    /** An explicit ordinal {@code @N}, kept with its position for error messages. */
    public record Ordinal(long value, SourcePosition position) {}

    /** Any definition that can appear at top level or nested. */
    public sealed interface Definition permits Struct, Union, Enum, Const, Interface, Feature {
        String name();

        Attributes attributes();

        SourcePosition position();
    }

    /** Members of a struct or interface body besides fields and methods. */
    public sealed interface Member permits Field, Method, Enum, Const {}

    /** A struct; {@code members} is empty and {@code hasBody} false for {@code struct Foo;}. */
    public record Struct(
            String name, Attributes attributes, SourcePosition position, List<Member> members, boolean hasBody)
            implements Definition {
        public Struct {
            members = List.copyOf(members);
        }
    }

    /** A union. */
    public record Union(String name, Attributes attributes, SourcePosition position, List<Field> fields)
            implements Definition {
        public Union {
            fields = List.copyOf(fields);
        }
    }

    /** An enum; {@code hasBody} is false for {@code enum Foo;}. */
    public record Enum(
            String name, Attributes attributes, SourcePosition position, List<EnumValue> values, boolean hasBody)
            implements Definition, Member {
        public Enum {
            values = List.copyOf(values);
        }
    }

    /** An enumerator; {@code value} is null when none is written. */
    public record EnumValue(String name, Attributes attributes, SourcePosition position, Value value) {}

    /** A const. */
    public record Const(String name, Attributes attributes, SourcePosition position, Type type, Value value)
            implements Definition, Member {}

    /** An interface. */
    public record Interface(String name, Attributes attributes, SourcePosition position, List<Member> members)
            implements Definition {
        public Interface {
            members = List.copyOf(members);
        }
    }

    /** A {@code feature} with its consts. */
    public record Feature(String name, Attributes attributes, SourcePosition position, List<Const> consts)
            implements Definition {
        public Feature {
            consts = List.copyOf(consts);
        }
    }

    /**
     * A struct field, union field or method parameter. {@code ordinal} and {@code defaultValue}
     * are null when not written.
     */
    public record Field(
            String name, Attributes attributes, SourcePosition position, Type type, Ordinal ordinal, Value defaultValue)
            implements Member {}

    /** A method; {@code response} is null when there is no {@code =>}. */
    public record Method(
            String name,
            Attributes attributes,
            SourcePosition position,
            Ordinal ordinal,
            List<Field> params,
            List<Field> response)
            implements Member {
        public Method {
            params = List.copyOf(params);
            response = response == null ? null : List.copyOf(response);
        }
    }

    /** A type as written. */
    public sealed interface Type {
        SourcePosition position();

        boolean nullable();
    }

    /**
     * A built-in type that needs no name resolution: primitives, string, handles. {@code type} is
     * the non-nullable form; {@code nullable} records a {@code ?} (an error on primitives, which
     * the resolver reports).
     */
    public record BuiltinType(MojomType type, boolean nullable, SourcePosition position) implements Type {}

    /** {@code array<T>} or {@code array<T, N>} ({@code fixedLength} 0 when absent). */
    public record ArrayType(Type element, long fixedLength, boolean nullable, SourcePosition position)
            implements Type {}

    /** {@code map<K, V>}. */
    public record MapType(Type key, Type value, boolean nullable, SourcePosition position) implements Type {}

    /** {@code pending_remote<I>} and friends; {@code interfaceName} is unresolved. */
    public record EndpointType(
            MojomType.EndpointKind kind, String interfaceName, boolean nullable, SourcePosition position)
            implements Type {}

    /**
     * A name: a struct, union, enum, or (old syntax) an interface. {@code request} is true for
     * {@code I&}; {@code associated} for {@code associated I} / {@code associated I&}.
     */
    public record NamedType(
            String name, boolean request, boolean associated, boolean nullable, SourcePosition position)
            implements Type {}

    /** A value as written. */
    public sealed interface Value {
        SourcePosition position();
    }

    /** An integer literal, sign applied. */
    public record IntLiteral(BigInteger value, String text, SourcePosition position) implements Value {}

    /** A floating-point literal, sign applied. */
    public record FloatLiteral(double value, String text, SourcePosition position) implements Value {}

    /** A string literal, escapes decoded. */
    public record StringLiteral(String value, SourcePosition position) implements Value {}

    /** {@code true} or {@code false}. */
    public record BoolLiteral(boolean value, SourcePosition position) implements Value {}

    /** {@code default}. */
    public record DefaultLiteral(SourcePosition position) implements Value {}

    /** A (possibly dotted) name: a const, an enum value, or a built-in such as {@code double.NAN}. */
    public record NameRef(String name, SourcePosition position) implements Value {}
}
