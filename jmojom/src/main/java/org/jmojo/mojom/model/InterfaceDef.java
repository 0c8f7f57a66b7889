package org.jmojo.mojom.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface.
 *
 * @param name simple name
 * @param fullName fully qualified name
 * @param attributes attributes on the interface
 * @param position where the name appears
 * @param methods methods in declaration order
 * @param enums enums declared inside the interface
 * @param consts consts declared inside the interface
 */
public record InterfaceDef(
        String name,
        String fullName,
        Attributes attributes,
        SourcePosition position,
        List<Method> methods,
        List<EnumDef> enums,
        List<ConstDef> consts)
        implements Definition {

    /** Copies the lists. */
    public InterfaceDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        methods = List.copyOf(methods);
        enums = List.copyOf(enums);
        consts = List.copyOf(consts);
    }

    @Override
    public Kind kind() {
        return Kind.INTERFACE;
    }

    /** The method with this ordinal (the header {@code name}). */
    public Optional<Method> methodByOrdinal(int ordinal) {
        return methods.stream().filter(m -> m.ordinal() == ordinal).findFirst();
    }

    /** The method with this name. */
    public Optional<Method> method(String methodName) {
        return methods.stream().filter(m -> m.name().equals(methodName)).findFirst();
    }

    /** The interface version: the highest {@code [MinVersion]} of its methods and their params. */
    public int version() {
        int v = 0;
        for (Method m : methods) {
            v = Math.max(v, m.minVersion());
            v = Math.max(v, m.params().latestVersion());
            if (m.response().isPresent()) {
                v = Math.max(v, m.response().get().latestVersion());
            }
        }
        return v;
    }
}
