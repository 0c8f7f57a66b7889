package org.jmojo.mojom.pack;

import java.util.ArrayList;
import java.util.List;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.VersionInfo;

/**
 * The packing stage: gives every field of a resolved struct its offset and bit
 * ({@link Packer}) and the struct its version table. Runs after resolution, on structs whose
 * ordinals and versions are already checked. Stateless and thread-safe.
 */
public final class StructLayout {
    private StructLayout() {}

    /** The packed struct. */
    public static StructDef layout(StructSpec s) {
        if (s.isNative()) {
            return new StructDef(s.name(), s.fullName(), s.attributes(), s.position(), List.of(),
                    List.of(new VersionInfo(0, Packer.HEADER_SIZE, 0)), s.enums(), s.consts(), true);
        }
        List<Packer.Input> inputs = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            inputs.add(new Packer.Input(f.ordinal(), f.type(), f.minVersion()));
        }
        Packer.Layout layout = Packer.pack(inputs);
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < s.fields().size(); i++) {
            FieldSpec f = s.fields().get(i);
            Packer.Slot slot = layout.slots().get(i);
            fields.add(new StructField(f.name(), f.ordinal(), f.declarationIndex(), f.type(), slot.offset(), slot.bit(),
                    f.minVersion(), f.defaultValue(), f.attributes(), f.position()));
        }
        return new StructDef(s.name(), s.fullName(), s.attributes(), s.position(), fields, layout.versions(), s.enums(),
                s.consts(), false);
    }

    /** The interface with every parameter struct packed. */
    public static InterfaceDef layout(InterfaceSpec i) {
        List<Method> methods = new ArrayList<>();
        for (InterfaceSpec.MethodSpec m : i.methods()) {
            methods.add(new Method(m.name(), m.ordinal(), m.declarationIndex(), m.minVersion(), m.sync(), m.noInterrupt(),
                    layout(m.params()), m.response().map(StructLayout::layout), m.attributes(), m.position()));
        }
        return new InterfaceDef(i.name(), i.fullName(), i.attributes(), i.position(), methods, i.enums(), i.consts());
    }
}
