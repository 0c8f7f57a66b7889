package org.jmojo.tools;

import java.util.List;
import java.util.Map;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.jmojo.bindings.runtime.ValueCodec;

/**
 * Renders a decoded message as indented text: the method and header, then every parameter by
 * name with its value; nested structs, unions, arrays, maps, handles and endpoints are expanded.
 */
final class MessagePrinter {

    /** Stands for attached handle number {@code index}: the decoder substitutes it for the index. */
    record HandleRef(int index) {
        @Override
        public String toString() {
            return "handle #" + index;
        }
    }

    private final StringBuilder out = new StringBuilder();

    private MessagePrinter() {}

    static String print(String interfaceName, MessageBuilder.Decoded message) {
        MessagePrinter p = new MessagePrinter();
        MessageHeader h = message.header();
        p.out.append(interfaceName).append('.').append(message.method().name())
                .append(message.response() ? " response" : " request").append('\n');
        p.out.append("  header: version ").append(h.version()).append(", interface_id ")
                .append(Integer.toUnsignedString(h.interfaceId())).append(", ordinal ")
                .append(Integer.toUnsignedString(h.name())).append(", flags 0x").append(Integer.toHexString(h.flags()));
        if (h.version() >= 1) {
            p.out.append(", request_id ").append(Long.toUnsignedString(h.requestId()));
        }
        p.out.append('\n');
        StructSchema params = message.response() ? message.method().response() : message.method().request();
        for (FieldSchema f : params.fields()) {
            p.out.append("  ").append(f.name()).append(": ");
            p.value(message.params().get(f.name()), f.kind(), 1);
            p.out.append('\n');
        }
        return p.out.toString();
    }

    private void indent(int level) {
        out.append("  ".repeat(level));
    }

    private void value(Object v, MojomKind kind, int level) {
        if (v == null) {
            out.append("null");
            return;
        }
        switch (kind) {
            case MojomKind.Primitive p -> out.append(primitive(v, p.type()));
            case MojomKind.Enum e -> {
                int value = (Integer) v;
                out.append(e.schema().nameOf(value).map(n -> e.schema().name() + "." + n)
                        .orElse(e.schema().name() + "(" + value + ")"));
            }
            case MojomKind.Str ignored -> out.append(quote((String) v));
            case MojomKind.Handle ignored -> out.append(v);
            case MojomKind.Endpoint ep -> {
                out.append(ep.mojomName()).append(' ');
                if (v instanceof ValueCodec.RemoteValue r) {
                    out.append(endpoint(r.endpoint(), ep)).append(", version ").append(r.version());
                } else {
                    out.append(endpoint(v, ep));
                }
            }
            case MojomKind.Array a -> {
                List<?> list = (List<?>) v;
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append("[\n");
                for (Object element : list) {
                    indent(level + 1);
                    value(element, a.element(), level + 1);
                    out.append('\n');
                }
                indent(level);
                out.append(']');
            }
            case MojomKind.MapKind m -> {
                List<?> entries = (List<?>) v;
                if (entries.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append("{\n");
                for (Object o : entries) {
                    Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
                    indent(level + 1);
                    value(entry.getKey(), m.key(), level + 1);
                    out.append(" => ");
                    value(entry.getValue(), m.value(), level + 1);
                    out.append('\n');
                }
                indent(level);
                out.append('}');
            }
            case MojomKind.Struct s -> {
                StructSchema schema = s.schema().get();
                Map<?, ?> fields = (Map<?, ?>) v;
                out.append(schema.name()).append(" {\n");
                for (FieldSchema f : schema.fields()) {
                    indent(level + 1);
                    out.append(f.name()).append(": ");
                    value(fields.get(f.name()), f.kind(), level + 1);
                    out.append('\n');
                }
                indent(level);
                out.append('}');
            }
            case MojomKind.Union u -> {
                UnionSchema schema = u.schema().get();
                ValueCodec.UnionValue uv = (ValueCodec.UnionValue) v;
                MojomKind fieldKind = schema.byName(uv.field()).orElseThrow().kind();
                out.append(schema.name()).append('.').append(uv.field()).append('(');
                value(uv.value(), fieldKind, level);
                out.append(')');
            }
        }
    }

    private static String endpoint(Object endpoint, MojomKind.Endpoint kind) {
        return kind.type().associated() ? "interface ID " + endpoint : String.valueOf(endpoint);
    }

    private static String primitive(Object v, MojomKind.PrimitiveType type) {
        return switch (type) {
            case UINT64 -> Long.toUnsignedString((Long) v);
            default -> String.valueOf(v);
        };
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
