package org.jmojo.benchmarks.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.concurrent.TimeUnit;
import org.jmojo.benchmarks.codec.generated.Blob;
import org.jmojo.benchmarks.codec.generated.Order;
import org.jmojo.bindings.ValidationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode, validate and decode of one nested struct (strings, arrays, a map, a union; no handles):
 * the class jmojom generates from {@code codec_bench.mojom} against {@link ProtoOrder}, protobuf-java
 * with hand-written {@code protoc}-style message code, in the same run. Both check untrusted bytes
 * while they build the value: jmojo's {@code Order.deserialize} applies every rule of
 * docs/wire-format.md §12 as it decodes (the generated validating decoder), protobuf checks tags,
 * lengths and UTF-8 as it parses. The {@code blob} pair round-trips a byte-heavy message, one 64 KiB
 * {@code array<uint8>} field ({@code bytes} in protobuf), with both sides decoding into their own copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private Order order;
    private ProtoOrder proto;
    private byte[] mojomBytes;
    private byte[] protoBytes;
    private Blob blob;
    private ProtoBlob protoBlob;

    /** Builds the values and their encodings once per trial. */
    @Setup
    public void setUp() {
        order = CodecData.mojom();
        proto = CodecData.proto();
        mojomBytes = order.serialize().bytes();
        protoBytes = proto.toByteArray();
        blob = CodecData.mojomBlob();
        protoBlob = CodecData.protoBlob();
    }

    @Benchmark
    public byte[] jmojoEncode() {
        return order.serialize().bytes();
    }

    @Benchmark
    public Order jmojoValidateDecode() throws ValidationException {
        return Order.deserialize(mojomBytes);
    }

    @Benchmark
    public Order jmojoRoundTrip() throws ValidationException {
        return Order.deserialize(order.serialize());
    }

    @Benchmark
    public byte[] protobufEncode() {
        return proto.toByteArray();
    }

    @Benchmark
    public ProtoOrder protobufValidateDecode() throws InvalidProtocolBufferException {
        return ProtoOrder.parseFrom(protoBytes);
    }

    @Benchmark
    public ProtoOrder protobufRoundTrip() throws InvalidProtocolBufferException {
        return ProtoOrder.parseFrom(proto.toByteArray());
    }

    @Benchmark
    public Blob jmojoBlobRoundTrip() throws ValidationException {
        return Blob.deserialize(blob.serialize());
    }

    @Benchmark
    public ProtoBlob protobufBlobRoundTrip() throws InvalidProtocolBufferException {
        return ProtoBlob.parseFrom(protoBlob.toByteArray());
    }
}
