package org.jmojo.bindings.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Mojom enum at run time.
 *
 * @param name fully qualified name
 * @param values the enumerators in declaration order (several names may share a value)
 * @param extensible whether the enum is {@code [Extensible]}: undeclared values are then kept
 *     instead of rejected
 */
public record EnumSchema(String name, List<Value> values, boolean extensible) {

    /** One enumerator. */
    public record Value(String name, int value) {
        public Value {
            Objects.requireNonNull(name, "name");
        }
    }

    public EnumSchema {
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
    }

    /** Whether {@code value} is declared by some enumerator. */
    public boolean isKnown(int value) {
        for (Value v : values) {
            if (v.value == value) {
                return true;
            }
        }
        return false;
    }

    /** Whether a validator accepts {@code value} (docs/wire-format.md §12.5). */
    public boolean accepts(int value) {
        return extensible || isKnown(value);
    }

    /** The first enumerator named {@code name}. */
    public Optional<Value> byName(String name) {
        return values.stream().filter(v -> v.name.equals(name)).findFirst();
    }

    /** The first declared name for {@code value}. */
    public Optional<String> nameOf(int value) {
        return values.stream().filter(v -> v.value == value).map(Value::name).findFirst();
    }
}
