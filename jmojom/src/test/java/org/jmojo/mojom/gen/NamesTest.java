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

    /**
     * The expected names are what Chromium's {@code mojom_java_generator.py} ({@code ConstantStyle})
     * gives for the same input, its quirks included ({@code UTF8String}).
     */
    @Test
    void constantStyle_asChromiumJavaGenerator() {
        String[][] cases = {
            {"kMaxSides", "MAX_SIDES"}, {"GetValue", "GET_VALUE"}, {"maybe_inner", "MAYBE_INNER"},
            {"HTTPEntry2FooBar", "HTTP_ENTRY2_FOO_BAR"}, {"RED", "RED"}, {"kFOO", "FOO"}, {"k", "K"}, {"i8", "I8"},
            {"Value1", "VALUE1"}, {"VALUE_1", "VALUE_1"}, {"fooBARBaz", "FOO_BAR_BAZ"}, {"kPi", "PI"},
            {"k2Pi", "K2_PI"}, {"NoInterrupt", "NO_INTERRUPT"}, {"UTF8String", "UT_F8_STRING"},
            {"kHTTPServer", "HTTP_SERVER"}, {"MixedCase_With_Under", "MIXED_CASE_WITH_UNDER"},
            {"getURLForID", "GET_URL_FOR_ID"}, {"aB", "A_B"}, {"Tag_", "TAG_"},
        };
        for (String[] c : cases) {
            assertThat(Names.constantStyle(c[0])).as(c[0]).isEqualTo(c[1]);
        }
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
