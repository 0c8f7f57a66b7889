package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The validator's precomputed tables agree with the schemas they are built from. */
class ValidationPlanTest {

    @Property(tries = 300)
    void acceptsHeader_randomVersionTable_sameAnswerAsSchema(@ForAll long seed) {
        Random random = new Random(seed);
        List<StructSchema.VersionSize> table = new ArrayList<>();
        int version = 0;
        int size = 8 * (1 + random.nextInt(4));
        int rows = 1 + random.nextInt(4);
        for (int i = 0; i < rows; i++) {
            table.add(new StructSchema.VersionSize(version, size));
            version += 1 + random.nextInt(3);
            size += 8 * random.nextInt(3);
        }
        StructSchema schema = new StructSchema("t.V", List.of(), table);
        ValidationPlan.StructPlan plan = ValidationPlan.of(schema);

        for (int i = 0; i < 50; i++) {
            long numBytes = 8L * random.nextInt(12) + (random.nextInt(8) == 0 ? 4 : 0);
            long v = random.nextInt(version + 3);
            assertThat(plan.acceptsHeader(numBytes, v)).as("(%d, v%d) against %s", numBytes, v, table)
                    .isEqualTo(schema.acceptsHeader(numBytes, v));
        }
        assertThat(plan.acceptsHeader(0xFFFF_FFFFL, 0xFFFF_FFFFL)).isTrue();
    }

    @Test
    void structPlan_everything_slotsMirrorFieldKinds() {
        ValidationPlan.StructPlan plan = ValidationPlan.of(TestSchemas.EVERYTHING);
        List<FieldSchema> fields = TestSchemas.EVERYTHING.fields();

        assertThat(plan.slots).hasSize(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldSchema f = fields.get(i);
            ValidationPlan.Slot slot = plan.slots[i];
            assertThat(plan.offsets[i]).isEqualTo(f.offset());
            assertThat(plan.names[i]).isEqualTo(f.name());
            assertThat(slot.nullable).as(f.name()).isEqualTo(f.kind().nullable());
            assertThat(slot.elementSize).as(f.name()).isEqualTo(f.kind().elementSize());
            int expected = switch (f.kind()) {
                case MojomKind.Primitive ignored -> ValidationPlan.PRIMITIVE;
                case MojomKind.Enum ignored -> ValidationPlan.ENUM;
                case MojomKind.Handle ignored -> ValidationPlan.HANDLE;
                case MojomKind.Endpoint ep -> ep.type().associated() ? ValidationPlan.ASSOCIATED : ValidationPlan.HANDLE;
                case MojomKind.Struct ignored -> ValidationPlan.STRUCT;
                case MojomKind.Union ignored -> ValidationPlan.UNION;
                case MojomKind.Str ignored -> ValidationPlan.STRING;
                case MojomKind.Array ignored -> ValidationPlan.ARRAY;
                case MojomKind.MapKind ignored -> ValidationPlan.MAP;
            };
            assertThat(slot.op).as(f.name()).isEqualTo(expected);
        }
    }

    @Test
    void structSlot_recursiveSchema_resolvesToItsOwnPlan() {
        ValidationPlan.StructPlan plan = ValidationPlan.of(TestSchemas.RECURSIVE);
        ValidationPlan.Slot self = null;
        for (ValidationPlan.Slot s : plan.slots) {
            if (s.op == ValidationPlan.STRUCT) {
                self = s;
            }
        }

        assertThat(self).isNotNull();
        assertThat(self.struct()).isSameAs(plan);
    }
}
