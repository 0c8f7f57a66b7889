package org.jmojo.mojom.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jmojo.bindings.runtime.DataHeader;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.UnionLayout;
import org.jmojo.mojom.model.MojomType;
import org.junit.jupiter.api.Test;

/**
 * The generator's layout facts ({@link Wire}) and the runtime's ({@code DataHeader},
 * {@code UnionLayout}, {@code MojomKind}), which the validating reader and {@code ValueCodec} use,
 * are one description kept in two modules (the compiler does not depend on the runtime); this test
 * is what keeps them equal.
 */
class WireTest {

    @Test
    void headerMapUnionAndInterfaceSlotLayout_equalTheRuntimes() {
        assertThat(Wire.HEADER).isEqualTo(DataHeader.SIZE);
        assertThat(Wire.NUM_ELEMENTS_OFFSET).isEqualTo(DataHeader.NUM_ELEMENTS_OFFSET);
        assertThat(Wire.MAP_SIZE).isEqualTo(DataHeader.MAP_SIZE);
        assertThat(Wire.MAP_KEYS_OFFSET).isEqualTo(DataHeader.MAP_KEYS_OFFSET);
        assertThat(Wire.MAP_VALUES_OFFSET).isEqualTo(DataHeader.MAP_VALUES_OFFSET);
        assertThat(Wire.UNION_SIZE).isEqualTo(UnionLayout.SIZE);
        assertThat(Wire.UNION_TAG_OFFSET).isEqualTo(UnionLayout.TAG_OFFSET);
        assertThat(Wire.UNION_DATA_OFFSET).isEqualTo(UnionLayout.DATA_OFFSET);
        assertThat(Wire.INTERFACE_VERSION_OFFSET).isEqualTo(MojomKind.INTERFACE_VERSION_OFFSET);
    }

    @Test
    void elementSizes_everyPrimitiveKind_equalTheRuntimes() {
        for (MojomType.PrimitiveKind k : MojomType.PrimitiveKind.values()) {
            MojomKind runtime = new MojomKind.Primitive(MojomKind.PrimitiveType.valueOf(k.name()));
            assertThat(Wire.elementSize(new MojomType.Primitive(k))).as(k.name()).isEqualTo(runtime.elementSize());
        }
    }

    @Test
    void elementSizes_referenceKinds_equalTheRuntimes() {
        record Pair(MojomType compiler, MojomKind runtime) {}
        List<Pair> pairs = List.of(
                new Pair(new MojomType.StringType(false), new MojomKind.Str(false)),
                new Pair(new MojomType.ArrayType(new MojomType.StringType(false), 0, false),
                        new MojomKind.Array(new MojomKind.Str(false), 0, false)),
                new Pair(new MojomType.MapType(new MojomType.StringType(false), new MojomType.StringType(false), false),
                        new MojomKind.MapKind(new MojomKind.Str(false), new MojomKind.Str(false), false)),
                new Pair(new MojomType.StructRef("a.S", false), new MojomKind.Struct("a.S", () -> null, false)),
                new Pair(new MojomType.UnionRef("a.U", true), new MojomKind.Union("a.U", () -> null, true)),
                new Pair(new MojomType.HandleType(MojomType.HandleKind.MESSAGE_PIPE, false),
                        new MojomKind.Handle(MojomKind.HandleType.MESSAGE_PIPE, false)));
        for (Pair p : pairs) {
            assertThat(Wire.elementSize(p.compiler())).as(p.compiler().mojomName())
                    .isEqualTo(p.runtime().elementSize());
        }
    }
}
