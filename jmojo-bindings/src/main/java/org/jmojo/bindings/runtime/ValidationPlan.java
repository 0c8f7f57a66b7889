package org.jmojo.bindings.runtime;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link Validator}'s precomputed tables: what to check in each slot of a struct, array or
 * union, as an integer opcode with its operands, so that validating a message is a walk over
 * arrays and a {@code switch} on ints, without type tests on {@link MojomKind}s, schema lookups or
 * allocation.
 *
 * <p>A struct's table is built on its first validation and kept on its {@link StructSchema} (a
 * union's on its {@link UnionSchema}); a struct or union slot resolves its target's table on first
 * use, so recursive types work. Immutable once resolved; a race between threads can only build
 * equal tables twice.
 */
final class ValidationPlan {

    static final int PRIMITIVE = 0;
    static final int ENUM = 1;
    static final int HANDLE = 2;
    static final int ASSOCIATED = 3;
    static final int STRUCT = 4;
    static final int UNION = 5;
    static final int STRING = 6;
    static final int ARRAY = 7;
    static final int MAP = 8;

    private ValidationPlan() {}

    /** The table of {@code schema}, built and cached on first use. */
    static StructPlan of(StructSchema schema) {
        Object plan = schema.validationPlan();
        if (plan == null) {
            plan = new StructPlan(schema);
            schema.validationPlan(plan);
        }
        return (StructPlan) plan;
    }

    /** The table of {@code schema}, built and cached on first use. */
    static UnionPlan of(UnionSchema schema) {
        Object plan = schema.validationPlan();
        if (plan == null) {
            plan = new UnionPlan(schema);
            schema.validationPlan(plan);
        }
        return (UnionPlan) plan;
    }

    /** What to check in one slot (a struct field, an array element, a map key or value, a union member). */
    static final class Slot {
        final int op;
        final boolean nullable;
        /** Bytes per array element of this kind (0 for bool). */
        final int elementSize;
        /**
         * The most elements an array of this kind can have: {@code (0xFFFFFFFF - 8) / elementSize},
         * or {@code 0xFFFFFFFF - 7} for bool; precomputed to keep a 64-bit division off the walk.
         */
        final long maxElements;
        final EnumSchema enumSchema;
        /** ENUM: every declared value, or null for an extensible enum, which accepts any value. */
        private final int[] enumValues;
        /** ARRAY: the element; MAP: the key. */
        final Slot element;
        /** MAP: the value. */
        final Slot value;
        /** ARRAY: N of {@code array<T, N>}, or 0. */
        final long fixedLength;
        private final Supplier<StructSchema> structSchema;
        private final Supplier<UnionSchema> unionSchema;
        /** Resolved on first use (recursive types); see the class comment on races. */
        private StructPlan struct;
        private UnionPlan union;

        Slot(MojomKind kind) {
            this.nullable = kind.nullable();
            this.elementSize = kind.elementSize();
            this.maxElements = elementSize == 0 ? 0xFFFF_FFFFL - 7 : (0xFFFF_FFFFL - 8) / elementSize;
            EnumSchema e = null;
            Slot el = null;
            Slot v = null;
            long fixed = 0;
            Supplier<StructSchema> ss = null;
            Supplier<UnionSchema> us = null;
            this.op = switch (kind) {
                case MojomKind.Primitive ignored -> PRIMITIVE;
                case MojomKind.Enum en -> {
                    e = en.schema();
                    yield ENUM;
                }
                case MojomKind.Handle ignored -> HANDLE;
                case MojomKind.Endpoint ep -> ep.type().associated() ? ASSOCIATED : HANDLE;
                case MojomKind.Struct s -> {
                    ss = s.schema();
                    yield STRUCT;
                }
                case MojomKind.Union u -> {
                    us = u.schema();
                    yield UNION;
                }
                case MojomKind.Str ignored -> STRING;
                case MojomKind.Array a -> {
                    el = new Slot(a.element());
                    fixed = a.fixedLength();
                    yield ARRAY;
                }
                case MojomKind.MapKind m -> {
                    el = new Slot(m.key());
                    v = new Slot(m.value());
                    yield MAP;
                }
            };
            this.enumSchema = e;
            this.enumValues = e == null || e.extensible()
                    ? null
                    : e.values().stream().mapToInt(EnumSchema.Value::value).distinct().toArray();
            this.element = el;
            this.value = v;
            this.fixedLength = fixed;
            this.structSchema = ss;
            this.unionSchema = us;
        }

        /** ENUM: {@link EnumSchema#accepts}, over an array. */
        boolean acceptsEnum(int v) {
            int[] values = enumValues;
            if (values == null) {
                return true;
            }
            for (int known : values) {
                if (known == v) {
                    return true;
                }
            }
            return false;
        }

        StructPlan struct() {
            StructPlan p = struct;
            if (p == null) {
                p = ValidationPlan.of(structSchema.get());
                struct = p;
            }
            return p;
        }

        UnionPlan union() {
            UnionPlan p = union;
            if (p == null) {
                p = ValidationPlan.of(unionSchema.get());
                union = p;
            }
            return p;
        }
    }

    /** The fields of a struct in ordinal order, with the version table. */
    static final class StructPlan {
        final StructSchema schema;
        final int[] offsets;
        final int[] minVersions;
        final Slot[] slots;
        final String[] names;
        /** The version table as arrays: {@code versions[i]} has exactly {@code sizes[i]} bytes. */
        private final int[] versions;
        private final int[] sizes;

        StructPlan(StructSchema schema) {
            this.schema = schema;
            List<StructSchema.VersionSize> table = schema.versions();
            versions = new int[table.size()];
            sizes = new int[table.size()];
            for (int i = 0; i < table.size(); i++) {
                versions[i] = table.get(i).version();
                sizes[i] = table.get(i).numBytes();
            }
            List<FieldSchema> fields = schema.fields();
            int n = fields.size();
            offsets = new int[n];
            minVersions = new int[n];
            slots = new Slot[n];
            names = new String[n];
            for (int i = 0; i < n; i++) {
                FieldSchema f = fields.get(i);
                offsets[i] = f.offset();
                minVersions[i] = f.minVersion();
                slots[i] = new Slot(f.kind());
                names[i] = f.name();
            }
        }

        /** {@link StructSchema#acceptsHeader} over the arrays. */
        boolean acceptsHeader(long numBytes, long version) {
            int last = versions.length - 1;
            if (version > versions[last]) {
                return numBytes >= sizes[last];
            }
            int match = 0;
            for (int i = 1; i <= last && versions[i] <= version; i++) {
                match = i;
            }
            return numBytes == sizes[match];
        }
    }

    /** A union's members by tag. */
    static final class UnionPlan {
        final UnionSchema schema;
        /** Indexed by tag; null where no member has the tag. */
        final Slot[] byTag;
        final String[] names;

        UnionPlan(UnionSchema schema) {
            this.schema = schema;
            int max = -1;
            for (UnionSchema.Field f : schema.fields()) {
                max = Math.max(max, f.tag());
            }
            byTag = new Slot[max + 1];
            names = new String[max + 1];
            for (UnionSchema.Field f : schema.fields()) {
                if (f.tag() >= 0 && byTag[f.tag()] == null) {
                    byTag[f.tag()] = new Slot(f.kind());
                    names[f.tag()] = f.name();
                }
            }
        }
    }
}
