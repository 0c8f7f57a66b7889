package org.jmojo.benchmarks.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.List;
import org.jmojo.benchmarks.codec.generated.Order;
import org.junit.jupiter.api.Test;

/** The benchmark measures real work: both codecs round-trip the same order and reject broken input. */
class CodecBenchmarkTest {

    @Test
    void jmojo_roundTrip_equalOrder() throws Exception {
        CodecBenchmark bench = new CodecBenchmark();
        bench.setUp();
        Order decoded = bench.jmojoRoundTrip();
        assertThat(decoded).isEqualTo(CodecData.mojom());
        assertThat(decoded.getCounters()).containsEntry("weight_grams", 2_750L);
        assertThat(bench.jmojoValidateDecode()).isEqualTo(decoded);
    }

    @Test
    void protobuf_roundTrip_sameValues() throws Exception {
        CodecBenchmark bench = new CodecBenchmark();
        bench.setUp();
        ProtoOrder p = bench.protobufRoundTrip();
        assertThat(p.id).isEqualTo(CodecData.ID);
        assertThat(p.customer).isEqualTo(CodecData.CUSTOMER);
        assertThat(p.total).isEqualTo(CodecData.TOTAL);
        assertThat(p.tags).isEqualTo(CodecData.TAGS);
        assertThat(p.quantities).containsExactly(CodecData.QUANTITIES);
        assertThat(p.attributes).hasSize(CodecData.ATTRIBUTES.size());
        for (int i = 0; i < p.attributes.size(); i++) {
            assertThat(p.attributes.get(i)).containsExactly(CodecData.ATTRIBUTES.get(i));
        }
        assertThat(p.counters).isEqualTo(CodecData.COUNTERS);
        assertThat(p.payloadCase).isEqualTo(9);
        assertThat(p.payload).isEqualTo(CodecData.PAYLOAD_TEXT);
        assertThat(p.urgent).isTrue();
        assertThat(bench.protobufEncode()).hasSize(CodecData.proto().serializedSize());
    }

    @Test
    void blob_roundTrip_bothSidesKeepTheBytes() throws Exception {
        CodecBenchmark bench = new CodecBenchmark();
        bench.setUp();
        assertThat(bench.jmojoBlobRoundTrip()).isEqualTo(CodecData.mojomBlob());
        ProtoBlob p = bench.protobufBlobRoundTrip();
        assertThat(p.id).isEqualTo(CodecData.BLOB_ID);
        assertThat(p.name).isEqualTo(CodecData.BLOB_NAME);
        assertThat(p.data).isEqualTo(CodecData.BLOB_DATA).hasSize(64 * 1024);
    }

    @Test
    void protobuf_truncatedInput_rejected() {
        byte[] bytes = CodecData.proto().toByteArray();
        assertThatThrownBy(() -> ProtoOrder.parseFrom(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void jmojo_truncatedInput_rejected() {
        byte[] bytes = CodecData.mojom().serialize().bytes();
        assertThatThrownBy(() -> Order.deserialize(Arrays.copyOf(bytes, bytes.length - 16)))
                .isInstanceOf(org.jmojo.bindings.ValidationException.class);
    }

    @Test
    void toJson_rowFormat() {
        String json = CodecBench.toJson(List.of(new CodecBench.Row("encode", "ns/op", 100, 50, "pb", 2.0)));
        assertThat(json).contains("{\"name\": \"encode\", \"unit\": \"ns/op\", \"jmojo\": 100.0, \"baseline\": 50.00, "
                + "\"baseline_name\": \"pb\", \"ratio\": 2.000}");
    }

    @Test
    void interleaved_fewShortRounds_threeOperationsWithPositiveTimes() throws Exception {
        List<CodecInterleaved.Row> rows = CodecInterleaved.run(2, 10);

        assertThat(rows).extracting(CodecInterleaved.Row::name)
                .containsExactly("encode", "validate + decode", "encode + validate + decode",
                        "encode + validate + decode, 64 KiB array<uint8>");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.jmojo()).isPositive();
            assertThat(r.protobuf()).isPositive();
            assertThat(r.ratio()).isEqualTo(r.jmojo() / r.protobuf());
        });
        assertThatThrownBy(() -> CodecInterleaved.run(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0, 10");
    }
}
