package org.jmojo.conformance;

import java.util.Optional;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.StructSchema;

/** Looks runtime schemas up by (fully qualified or unique simple) name. */
public interface SchemaResolver {

    /** The interface named {@code name}, if defined. */
    Optional<InterfaceSchema> iface(String name);

    /** The struct named {@code name}, if defined. */
    Optional<StructSchema> struct(String name);
}
