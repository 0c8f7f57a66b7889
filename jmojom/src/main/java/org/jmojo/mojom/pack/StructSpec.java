package org.jmojo.mojom.pack;

import java.util.List;
import java.util.Objects;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.SourcePosition;

/**
 * A resolved struct or parameter struct before packing: a {@link org.jmojo.mojom.model.StructDef}
 * without offsets and version table. {@link StructLayout} turns it into one.
 *
 * @param name the simple name
 * @param fullName the fully qualified name
 * @param attributes the attributes as written
 * @param position where the name appears
 * @param fields the fields in declaration order
 * @param enums nested enums
 * @param consts nested consts
 * @param isNative whether this is a native-only declaration ({@code [Native] struct S;})
 */
public record StructSpec(
        String name,
        String fullName,
        Attributes attributes,
        SourcePosition position,
        List<FieldSpec> fields,
        List<EnumDef> enums,
        List<ConstDef> consts,
        boolean isNative) {

    /** Copies the lists. */
    public StructSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
        fields = List.copyOf(fields);
        enums = List.copyOf(enums);
        consts = List.copyOf(consts);
    }
}
