package org.jmojo.mojom.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The attributes of one element, in source order. Immutable.
 *
 * <p>Attribute names are case-sensitive, as in Chromium's front end. When a name occurs twice the
 * compiler reports an error and keeps the first occurrence.
 *
 * @param list the attributes in the order they were written
 */
public record Attributes(List<Attribute> list) {

    /** No attributes. */
    public static final Attributes NONE = new Attributes(List.of());

    /** Copies the list. */
    public Attributes {
        list = List.copyOf(list);
    }

    /** Returns whether an attribute with this name is present. */
    public boolean has(String name) {
        return get(name).isPresent();
    }

    /** Returns the first attribute with this name. */
    public Optional<Attribute> get(String name) {
        for (Attribute a : list) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Returns the value text of the named attribute, if present. */
    public Optional<String> text(String name) {
        return get(name).map(Attribute::text);
    }

    /** Returns whether there are no attributes. */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    @Override
    public String toString() {
        return list.stream().map(Attribute::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
