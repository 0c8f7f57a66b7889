package org.jmojo.mojom;

import java.util.List;
import org.jmojo.mojom.model.Attributes;
import org.jmojo.mojom.model.ConstDef;
import org.jmojo.mojom.model.ConstantValue;
import org.jmojo.mojom.model.Definition;
import org.jmojo.mojom.model.EnumDef;
import org.jmojo.mojom.model.EnumValue;
import org.jmojo.mojom.model.FeatureDef;
import org.jmojo.mojom.model.InterfaceDef;
import org.jmojo.mojom.model.Method;
import org.jmojo.mojom.model.MojomFile;
import org.jmojo.mojom.model.StructDef;
import org.jmojo.mojom.model.StructField;
import org.jmojo.mojom.model.UnionDef;
import org.jmojo.mojom.model.UnionField;
import org.jmojo.mojom.model.VersionInfo;

/**
 * A stable, line-oriented text rendering of resolved files: every definition with its packed
 * layout. Used by golden tests and the {@code dump} command; the format changes only when the
 * model does. Stateless and thread-safe.
 */
public final class ModelDump {
    private ModelDump() {}

    /** Renders one file. */
    public static String dump(MojomFile file) {
        StringBuilder sb = new StringBuilder();
        sb.append("module ").append(file.module().isEmpty() ? "<none>" : file.module()).append(attrs(file.attributes()))
                .append('\n');
        for (String imp : file.imports()) {
            sb.append("import \"").append(imp).append("\"\n");
        }
        for (Definition d : file.definitions()) {
            definition(sb, d, "");
        }
        return sb.toString();
    }

    /** Renders a value on one line: strings quoted with control characters escaped. */
    private static String value(ConstantValue v) {
        if (!(v instanceof ConstantValue.StringValue s)) {
            return v.toString();
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.value().toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String attrs(Attributes a) {
        return a.isEmpty() ? "" : " " + a;
    }

    private static void definition(StringBuilder sb, Definition d, String indent) {
        switch (d) {
            case StructDef s -> struct(sb, s, indent, "struct");
            case UnionDef u -> {
                sb.append(indent).append("union ").append(u.fullName()).append(u.extensible() ? " extensible" : "")
                        .append(attrs(u.attributes())).append('\n');
                for (UnionField f : u.fields()) {
                    sb.append(indent).append("  tag ").append(f.tag()).append(" @")
                            .append(Integer.toUnsignedString(f.ordinal())).append(' ').append(f.name()).append(": ").append(f.type().mojomName());
                    if (f.minVersion() > 0) {
                        sb.append(" min_version=").append(f.minVersion());
                    }
                    if (f.isDefault()) {
                        sb.append(" default");
                    }
                    sb.append(attrs(f.attributes())).append('\n');
                }
            }
            case EnumDef e -> {
                sb.append(indent).append("enum ").append(e.fullName()).append(e.extensible() ? " extensible" : "")
                        .append(e.isNative() ? " native" : "").append(attrs(e.attributes())).append('\n');
                for (EnumValue v : e.values()) {
                    sb.append(indent).append("  ").append(v.name()).append(" = ").append(v.value());
                    if (v.minVersion() > 0) {
                        sb.append(" min_version=").append(v.minVersion());
                    }
                    if (v.isDefault()) {
                        sb.append(" default");
                    }
                    sb.append('\n');
                }
            }
            case ConstDef c -> sb.append(indent).append("const ").append(c.fullName()).append(": ")
                    .append(c.type().mojomName()).append(" = ").append(value(c.value())).append(attrs(c.attributes()))
                    .append('\n');
            case InterfaceDef i -> {
                sb.append(indent).append("interface ").append(i.fullName()).append(" version=").append(i.version())
                        .append(attrs(i.attributes())).append('\n');
                nested(sb, i.enums(), i.consts(), indent + "  ");
                for (Method m : i.methods()) {
                    sb.append(indent).append("  method @").append(Integer.toUnsignedString(m.ordinal())).append(' ')
                            .append(m.name());
                    if (m.minVersion() > 0) {
                        sb.append(" min_version=").append(m.minVersion());
                    }
                    if (m.sync()) {
                        sb.append(" sync");
                    }
                    if (m.noInterrupt()) {
                        sb.append(" no_interrupt");
                    }
                    sb.append(attrs(m.attributes())).append('\n');
                    struct(sb, m.params(), indent + "    ", "params");
                    m.response().ifPresent(r -> struct(sb, r, indent + "    ", "response"));
                }
            }
            case FeatureDef f -> {
                sb.append(indent).append("feature ").append(f.fullName()).append(attrs(f.attributes())).append('\n');
                nested(sb, List.of(), f.consts(), indent + "  ");
            }
        }
    }

    private static void nested(StringBuilder sb, List<EnumDef> enums, List<ConstDef> consts, String indent) {
        enums.forEach(e -> definition(sb, e, indent));
        consts.forEach(c -> definition(sb, c, indent));
    }

    private static void struct(StringBuilder sb, StructDef s, String indent, String word) {
        sb.append(indent).append(word).append(' ').append(s.fullName()).append(" num_bytes=").append(s.numBytes());
        if (s.isNative()) {
            sb.append(" native");
        }
        sb.append(attrs(s.attributes())).append('\n');
        sb.append(indent).append("  versions");
        for (VersionInfo v : s.versions()) {
            sb.append(' ').append(v.version()).append(':').append(v.numBytes()).append('/').append(v.numFields());
        }
        sb.append('\n');
        nested(sb, s.enums(), s.consts(), indent + "  ");
        for (StructField f : s.fields()) {
            sb.append(indent).append("  @").append(Integer.toUnsignedString(f.ordinal())).append(' ').append(f.name())
                    .append(": ").append(f.type().mojomName()).append(" offset=").append(f.offset());
            if (f.type().slotSize() == 0) {
                sb.append(" bit=").append(f.bit());
            }
            if (f.minVersion() > 0) {
                sb.append(" min_version=").append(f.minVersion());
            }
            f.defaultValue().ifPresent(v -> sb.append(" default=").append(value(v)));
            sb.append(attrs(f.attributes())).append('\n');
        }
    }
}
