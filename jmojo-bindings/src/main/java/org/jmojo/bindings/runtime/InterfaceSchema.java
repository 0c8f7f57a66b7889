package org.jmojo.bindings.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Mojom interface at run time: its methods by ordinal.
 *
 * @param name fully qualified name
 * @param version the interface version (the highest {@code [MinVersion]} among its methods and
 *     parameters), as carried in pending remotes
 * @param methods the methods, in declaration order
 */
public record InterfaceSchema(String name, int version, List<MethodSchema> methods) {

    public InterfaceSchema {
        Objects.requireNonNull(name, "name");
        methods = List.copyOf(methods);
        for (int i = 0; i < methods.size(); i++) {
            for (int j = i + 1; j < methods.size(); j++) {
                if (methods.get(i).ordinal() == methods.get(j).ordinal()) {
                    throw new IllegalArgumentException("interface " + name + ": methods " + methods.get(i).name()
                            + " and " + methods.get(j).name() + " share ordinal " + methods.get(i).ordinal());
                }
            }
        }
    }

    /** The method with header name {@code ordinal} (an unsigned 32-bit value). */
    public Optional<MethodSchema> method(long ordinal) {
        for (MethodSchema m : methods) {
            if (Integer.toUnsignedLong(m.ordinal()) == ordinal) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The method named {@code methodName}. */
    public Optional<MethodSchema> method(String methodName) {
        return methods.stream().filter(m -> m.name().equals(methodName)).findFirst();
    }
}
