package org.jmojo.mojom.pack;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.SourcePosition;

/**
 * A resolved interface before packing: its methods carry unpacked parameter structs, which
 * {@link StructLayout#layout(InterfaceSpec)} packs.
 *
 * @param name the simple name
 * @param fullName the fully qualified name
 * @param attributes the attributes as written
 * @param position where the name appears
 * @param methods the methods in declaration order
 * @param enums nested enums
 * @param consts nested consts
 */
public record InterfaceSpec(
        String name,
        String fullName,
        Attributes attributes,
        SourcePosition position,
        List<MethodSpec> methods,
        List<EnumDef> enums,
        List<ConstDef> consts) {

    /** Copies the lists. */
    public InterfaceSpec {
        Objects.requireNonNull(fullName, "fullName");
        methods = List.copyOf(methods);
        enums = List.copyOf(enums);
        consts = List.copyOf(consts);
    }

    /**
     * A resolved method: a {@link org.jmojo.mojom.model.Method} with unpacked parameter structs.
     *
     * @param name the method name
     * @param ordinal the message name (uint32 bits)
     * @param declarationIndex the zero-based position in the interface
     * @param minVersion its {@code [MinVersion]}, 0 if none
     * @param sync whether it is {@code [Sync]}
     * @param noInterrupt whether it is {@code [NoInterrupt]}
     * @param params the request parameters
     * @param response the response parameters, if the method declares {@code => (...)}
     * @param attributes the attributes as written
     * @param position where the name appears
     */
    public record MethodSpec(
            String name,
            int ordinal,
            int declarationIndex,
            int minVersion,
            boolean sync,
            boolean noInterrupt,
            StructSpec params,
            Optional<StructSpec> response,
            Attributes attributes,
            SourcePosition position) {

        /** Validates presence of components. */
        public MethodSpec {
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(response, "response");
        }
    }
}
