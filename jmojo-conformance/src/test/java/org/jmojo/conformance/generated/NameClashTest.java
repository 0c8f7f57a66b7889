package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import jmojo.golden.Color;
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
        Objects v = new Objects().setClass_("c").setPublic(true).setHashCode(1).setGetClass(2).setEquals(3)
                .setResult(4).setAt(5).setVersion(6).setHandles(7).setAssociated(8).setEncode(9).setSerialize(10)
                .setWriteString(11).setSCHEMA(12);
        Objects decoded = Objects.deserialize(MemorySegment.ofArray(v.serialize().bytes()), List.of());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getClass_()).isEqualTo("c");
        assertThat(decoded.getClass()).isEqualTo(Objects.class);
        assertThat(decoded.getSCHEMA()).isEqualTo(12);
        assertThat(Objects.SCHEMA.field("SCHEMA")).isPresent();
    }

    @Test
    void list_structNamedListAndString_roundTrip() throws Exception {
        var child = new org.jmojo.conformance.generated.clashes.List();
        var v = new org.jmojo.conformance.generated.clashes.List()
                .setItems(List.of(new org.jmojo.conformance.generated.clashes.String().setValue("x")))
                .setChildren(Map.of("kid", child));
        var decoded = org.jmojo.conformance.generated.clashes.List.deserialize(
                MemorySegment.ofArray(v.serialize().bytes()), List.of());
        assertThat(decoded).isEqualTo(v);
        assertThat(decoded.getItems().getFirst().getValue()).isEqualTo("x");
    }

    @Test
    void tag_unionNamedTag_nestedEnumEscaped() throws Exception {
        Tag t = Tag.ofEncoder(new Encoder().setEncoder(1).setDecoder(2));
        assertThat(t.tag()).isEqualTo(Tag.Tag_.ENCODER);
        assertThat(Tag.ofTag(5).getTag()).isEqualTo(5);
        assertThat(Tag.ofToString(true).getToString()).isTrue();
        assertThatThrownBy(() -> Tag.ofCheck("x").getTag())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CHECK");
        Switch.ClassParams params = new Switch.ClassParams().setTag(t);
        assertThat(Switch.ClassParams.deserialize(MemorySegment.ofArray(params.serialize().bytes()), List.of()))
                .isEqualTo(params);
    }

    @Test
    void constants_clashingNames_trailingUnderscore() {
        assertThat(Holder.SCHEMA_).isEqualTo(7);
        assertThat(Holder.NAME_).isEqualTo("holder");
        assertThat(Switch.SCHEMA_).isEqualTo(3);
        assertThat(Switch.VERSION_).isEqualTo(4);
        assertThat(Switch.CLASS_ORDINAL).isEqualTo(5);
        assertThat(Switch.SCHEMA.method(Switch.DEFAULT_ORDINAL).orElseThrow().name()).isEqualTo("Default");
        assertThat(ClashesConstants.static_).isEqualTo(3);
        assertThat(ClashesConstants.kName).isSameAs(Keywords.NAME_);
        assertThat(Keywords.SCHEMA_.value()).isZero();
        assertThat(Keywords.KNOWN_VALUES_.value()).isEqualTo(1);
        assertThat(Keywords.values()).hasSize(4);
    }

    @Test
    void holder_nestedEnumsNamedLikeOuterAndJavaLang() throws Exception {
        Holder v = new Holder().setKind(Holder.Holder_.B).setCount(Holder.Integer.ONE);
        Holder decoded = Holder.deserialize(MemorySegment.ofArray(v.serialize().bytes()), List.of());
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
        assertThatThrownBy(() -> new org.jmojo.conformance.generated.clashes.String().setValue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("value is not nullable");
    }
}
