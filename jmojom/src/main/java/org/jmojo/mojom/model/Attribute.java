package org.jmojo.mojom.model;

import java.util.Objects;

/**
 * One attribute as written in a {@code [Name=Value]} list, kept whether or not the compiler knows
 * it (unknown attributes such as domokit's {@code [ServiceName]} are preserved for generators).
 *
 * @param name the attribute name, e.g. {@code MinVersion}
 * @param kind what kind of value follows the {@code =}, or {@link Kind#FLAG} when there is none
 * @param text the value: the unescaped string for {@link Kind#STRING}, the decimal integer for
 *     {@link Kind#INTEGER}, the literal as written for {@link Kind#FLOAT}, {@code true}/{@code false},
 *     the (possibly dotted) identifier for {@link Kind#NAME}, the names with their separators for
 *     {@link Kind#NAMES} ({@code a|b|c} or {@code a&b}), and the empty string for {@link Kind#FLAG}
 * @param position where the attribute name starts
 */
public record Attribute(String name, Kind kind, String text, SourcePosition position) {

    /** The syntactic kind of an attribute value. */
    public enum Kind {
        /** No value: {@code [Sync]}. */
        FLAG,
        /** A string literal: {@code [JavaPackage="org.example"]}. */
        STRING,
        /** An integer literal: {@code [MinVersion=2]}. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** An identifier: {@code [EnableIf=is_linux]}. */
        NAME,
        /** A floating-point literal: {@code [Weight=0.5]}. */
        FLOAT,
        /** Plain names joined by {@code |} or by {@code &}: {@code [EnableIf=is_linux|is_mac]}. */
        NAMES
    }

    /** Validates that all components are present. */
    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FLAG -> name;
            case STRING -> name + "=\"" + text + "\"";
            default -> name + "=" + text;
        };
    }
}
