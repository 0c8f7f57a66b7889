package org.jmojo.benchmarks.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * lengths and UTF-8 as it parses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private Order order;
    private ProtoOrder proto;
    private MemorySegment mojomBytes;
    private byte[] protoBytes;

    /** Builds the values and their encodings once per trial. */
    @Setup
    public void setUp() {
        order = CodecData.mojom();
        proto = CodecData.proto();
        mojomBytes = MemorySegment.ofArray(order.serialize().bytes());
        protoBytes = proto.toByteArray();
    }

    @Benchmark
    public byte[] jmojoEncode() {
        return order.serialize().bytes();
    }

    @Benchmark
    public Order jmojoValidateDecode() throws ValidationException {
        return Order.deserialize(mojomBytes, List.of());
    }

    @Benchmark
    public Order jmojoRoundTrip() throws ValidationException {
        return Order.deserialize(MemorySegment.ofArray(order.serialize().bytes()), List.of());
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
}
