package org.jmojo.benchmarks.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jmojo.benchmarks.codec.generated.Blob;
import org.jmojo.benchmarks.codec.generated.Order;
import org.jmojo.bindings.ValidationException;

/**
 * A cross-check of {@link CodecBench} for a machine shared with other work: the same eight
 * operations, run in short alternating batches (jmojo, protobuf, jmojo, ...) in one JVM, keeping
 * each operation's fastest batch. A load spike then slows a batch of either side rather than a
 * whole JMH iteration of one side, so the ratio of the minima is far steadier than JMH's averages.
 * It measures the best case, not the average, and is no substitute for JMH on a quiet machine.
 *
 * <pre>java -cp CLASSPATH org.jmojo.benchmarks.codec.CodecInterleaved [rounds [batch]]</pre>
 *
 * <p>Prints one line per operation: jmojo ns/op, protobuf ns/op and the ratio (jmojo ÷ protobuf).
 */
public final class CodecInterleaved {

    /** Keeps results reachable so the JIT cannot drop the work. */
    private static volatile Object sink;

    private CodecInterleaved() {}

    /** The fastest batch of one operation pair, in ns per operation. */
    record Row(String name, double jmojo, double protobuf) {
        double ratio() {
            return jmojo / protobuf;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        for (Row r : run(rounds, batch)) {
            System.out.printf(Locale.ROOT, "%-28s jmojo %8.1f ns/op   protobuf %8.1f ns/op   ratio %.2f%n", r.name(),
                    r.jmojo(), r.protobuf(), r.ratio());
        }
    }

    /**
     * Runs {@code rounds} rounds; each round times one batch of {@code batch} operations of each of
     * the eight benchmarks in turn.
     *
     * @throws IllegalArgumentException if {@code rounds} or {@code batch} is not positive
     */
    static List<Row> run(int rounds, int batch) throws ValidationException, InvalidProtocolBufferException {
        if (rounds < 1 || batch < 1) {
            throw new IllegalArgumentException("rounds and batch must be positive: " + rounds + ", " + batch);
        }
        Order order = CodecData.mojom();
        ProtoOrder proto = CodecData.proto();
        byte[] mojomBytes = order.serialize().bytes();
        byte[] protoBytes = proto.toByteArray();
        Blob blob = CodecData.mojomBlob();
        ProtoBlob protoBlob = CodecData.protoBlob();
        double[] best = new double[8];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            for (int op = 0; op < best.length; op++) {
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    sink = switch (op) {
                        case 0 -> order.serialize().bytes();
                        case 1 -> proto.toByteArray();
                        case 2 -> Order.deserialize(mojomBytes);
                        case 3 -> ProtoOrder.parseFrom(protoBytes);
                        case 4 -> Order.deserialize(order.serialize());
                        case 5 -> ProtoOrder.parseFrom(proto.toByteArray());
                        case 6 -> Blob.deserialize(blob.serialize());
                        default -> ProtoBlob.parseFrom(protoBlob.toByteArray());
                    };
                }
                best[op] = Math.min(best[op], (System.nanoTime() - start) / (double) batch);
            }
        }
        return List.of(new Row("encode", best[0], best[1]), new Row("validate + decode", best[2], best[3]),
                new Row("encode + validate + decode", best[4], best[5]),
                new Row("encode + validate + decode, 64 KiB array<uint8>", best[6], best[7]));
    }
}
