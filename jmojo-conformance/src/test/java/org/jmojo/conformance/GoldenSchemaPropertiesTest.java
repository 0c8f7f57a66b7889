package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.mojom.model.StructDef;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Every struct of {@code golden.mojom}, compiled by jmojo's compiler and adapted: random values
 * encode to bytes the validator accepts and decode back to equal values.
 */
class GoldenSchemaPropertiesTest {

    private static final SchemaAdapter SCHEMAS = load();
    private static final List<StructSchema> STRUCTS = SCHEMAS.model().definitions().values().stream()
            .filter(StructDef.class::isInstance).map(d -> SCHEMAS.struct((StructDef) d)).toList();

    private static SchemaAdapter load() {
        try {
            return ConformanceRunner.compile(ChromiumData.dir().resolve("golden"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden.mojom", e);
        }
    }

    @Property(tries = 200)
    void everyGoldenStruct_randomValue_encodesValidatesAndDecodesEqual(@ForAll long seed)
            throws ValidationException {
        assertThat(STRUCTS).hasSizeGreaterThan(40);
        Random random = new Random(seed);
        for (StructSchema schema : STRUCTS) {
            Map<String, Object> value = new RandomValues(random).struct(schema, 0);

            ValueCodec.Encoded encoded = ValueCodec.encodeStruct(schema, value);
            MemorySegment bytes = MemorySegment.ofArray(encoded.bytes());
            Validator.validateStruct(bytes, encoded.handles().size(), schema);
            Map<String, Object> decoded = ValueCodec.decodeStruct(new Decoder(bytes), 0, schema, encoded.handles(),
                    List.of());

            assertThat(decoded).as(schema.name()).isEqualTo(value);
        }
    }
}
