package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import jmojo.golden.Color;
import org.jmojo.bindings.runtime.Codecs;
import org.jmojo.conformance.generated.clashes.ClashesConstants;
import org.jmojo.conformance.generated.clashes.Encoder;
import org.jmojo.conformance.generated.clashes.Holder;
import org.jmojo.conformance.generated.clashes.Keywords;
import org.jmojo.conformance.generated.clashes.Objects;
import org.jmojo.conformance.generated.clashes.Switch;
import org.jmojo.conformance.generated.clashes.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classes generated from {@code src/test/mojom/clashes.mojom}: names that collide with Java
 * keywords, {@code java.lang}/{@code java.util} classes, runtime classes and generated helpers
 * compile (the build generates them) and work under their escaped names.
 */
class NameClashTest {

    @Test
    void objects_keywordAndHelperNamedFields_roundTrip() throws Exception {
        Objects v = Objects.newBuilder().setClass_("c").setPublic(true).setHashCode(1).setGetClass(2).setEquals(3)
                .setResult(4).setAt(5).setVersion(6).setHandles(7).setAssociated(8).setEncode(9).setSerialize(10)
                .setWriteString(11).setSCHEMA(12).build();
        Objects decoded = Objects.deserialize(v.serialize());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getClass_()).isEqualTo("c");
        assertThat(decoded.getClass()).isEqualTo(Objects.class);
        assertThat(decoded.getSCHEMA()).isEqualTo(12);
        assertThat(Codecs.struct(Objects.class).schema().field("SCHEMA")).isPresent();
    }

    @Test
    void list_structNamedListAndString_roundTrip() throws Exception {
        var child = org.jmojo.conformance.generated.clashes.List.newBuilder().build();
        var v = org.jmojo.conformance.generated.clashes.List.newBuilder()
                .setItems(List.of(org.jmojo.conformance.generated.clashes.String.newBuilder().setValue("x").build()))
                .setChildren(Map.of("kid", child))
                .build();
        var decoded = org.jmojo.conformance.generated.clashes.List.deserialize(v.serialize());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getItems().getFirst().getValue()).isEqualTo("x");
    }

    @Test
    void tag_unionNamedTag_memberRecordsEscaped() throws Exception {
        Tag t = new Tag.Encoder(Encoder.newBuilder().setEncoder(1).setDecoder(2).build());
        assertThat(new Tag.Tag_(5).value()).isEqualTo(5);
        assertThat(new Tag.ToString(true).value()).isTrue();
        String described = switch (t) {
            case Tag.Tag_ tag -> "tag " + tag.value();
            case Tag.Check check -> "check " + check.value();
            case Tag.ToString s -> "toString " + s.value();
            case Tag.Encoder e -> "encoder " + e.value().getDecoder();
        };
        assertThat(described).isEqualTo("encoder 2");
        assertThatThrownBy(() -> new Tag.Check(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Tag.check is not nullable");
        Switch.ClassParams params = Switch.ClassParams.newBuilder().setTag(t).build();
        assertThat(Switch.ClassParams.deserialize(params.serialize())).isEqualTo(params);
    }

    @Test
    void constants_clashingNames_trailingUnderscoreOnlyWhereTaken() {
        assertThat(Holder.SCHEMA).isEqualTo(7);
        assertThat(Holder.NAME).isEqualTo("holder");
        assertThat(Switch.SCHEMA_).isEqualTo(3);
        assertThat(Switch.VERSION_).isEqualTo(4);
        assertThat(Switch.CLASS_ORDINAL).isEqualTo(5);
        assertThat(Switch.SCHEMA.method(Switch.DEFAULT_ORDINAL).orElseThrow().name()).isEqualTo("Default");
        assertThat(Switch.DefaultParams_.X.value()).isZero();
        assertThat(ClashesConstants.STATIC).isEqualTo(3);
        assertThat(ClashesConstants.NAME).isSameAs(Keywords.NAME);
        assertThat(Keywords.SCHEMA.value()).isZero();
        assertThat(Keywords.KNOWN_VALUES.value()).isEqualTo(1);
        assertThat(Keywords.SWITCH_.value()).isEqualTo(2);
        assertThat(Keywords.values()).hasSize(4);
    }

    @Test
    void keywordParameters_renamedAccessors() throws Exception {
        Switch.DefaultParams params = Switch.DefaultParams.newBuilder().setCase(3).setNew("n").build();
        assertThat(Switch.DefaultParams.deserialize(params.serialize()).getNew()).isEqualTo("n");
        assertThat(Switch.DefaultResponseParams.newBuilder().setReturn(true).build().getReturn()).isTrue();
    }

    @Test
    void holder_nestedEnumsNamedLikeOuterAndJavaLang() throws Exception {
        Holder v = Holder.newBuilder().setKind(Holder.Holder_.B).setCount(Holder.Integer.ONE)
                .setObjects(Objects.newBuilder().build()).build();
        Holder decoded = Holder.deserialize(v.serialize());
        assertThat(decoded.getKind()).isEqualTo(Holder.Holder_.B);
        assertThat(decoded.getCount().value()).isEqualTo(1);
    }

    @Test
    void nonExtensibleEnum_unknownValue_rejectedNamingValue() {
        assertThatThrownBy(() -> Color.of(99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99")
                .hasMessageContaining("jmojo.golden.Color");
        assertThat(Color.of(-2)).isSameAs(Color.WHITE);
    }

    @Test
    void setter_nullForNonNullable_rejectedNamingField() {
        assertThatThrownBy(() -> org.jmojo.conformance.generated.clashes.String.newBuilder().setValue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("String.value is not nullable");
    }
}
