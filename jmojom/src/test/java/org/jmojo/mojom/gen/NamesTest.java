package org.jmojo.mojom.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void fieldName_snakeCase_lowerCamel() {
        assertThat(Names.fieldName("maybe_inner")).isEqualTo("maybeInner");
        assertThat(Names.fieldName("timeout_in_microseconds")).isEqualTo("timeoutInMicroseconds");
        assertThat(Names.fieldName("already")).isEqualTo("already");
        assertThat(Names.fieldName("Capital")).isEqualTo("capital");
    }

    @Test
    void fieldName_keyword_trailingUnderscore() {
        assertThat(Names.fieldName("class")).isEqualTo("class_");
        assertThat(Names.fieldName("null")).isEqualTo("null_");
        assertThat(Names.fieldName("_")).isEqualTo("__");
    }

    @Test
    void fieldName_acronym_keptAsWritten() {
        assertThat(Names.fieldName("URL")).isEqualTo("URL");
    }

    @Test
    void typeName_restrictedIdentifier_trailingUnderscore() {
        assertThat(Names.typeName("record")).isEqualTo("record_");
        assertThat(Names.typeName("var")).isEqualTo("var_");
        assertThat(Names.typeName("Point")).isEqualTo("Point");
    }

    @Test
    void upperSnake_camelAndSnake_sameConstant() {
        assertThat(Names.upperSnake("GetValue")).isEqualTo("GET_VALUE");
        assertThat(Names.upperSnake("maybeInner")).isEqualTo("MAYBE_INNER");
        assertThat(Names.upperSnake("maybe_inner")).isEqualTo("MAYBE_INNER");
        assertThat(Names.upperSnake("HTTPServer")).isEqualTo("HTTP_SERVER");
        assertThat(Names.upperSnake("i8")).isEqualTo("I8");
    }

    @Test
    void javaPackage_attributeWinsOverModule() {
        assertThat(Names.javaPackage("mojo.test", Optional.of("org.example"))).isEqualTo("org.example");
        assertThat(Names.javaPackage("mojo.test", Optional.empty())).isEqualTo("mojo.test");
        assertThat(Names.javaPackage("", Optional.empty())).isEmpty();
    }

    @Test
    void fileStem_pathAndUnderscores_upperCamel() {
        assertThat(Names.fileStem("a/b/validation_test_interfaces.mojom")).isEqualTo("ValidationTestInterfaces");
        assertThat(Names.fileStem("9lives.mojom")).isEqualTo("Mojom9lives");
    }
}
