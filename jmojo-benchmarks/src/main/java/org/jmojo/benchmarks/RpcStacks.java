package org.jmojo.benchmarks;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jmojo.benchmarks.rpc.generated.Geometry;
import org.jmojo.benchmarks.rpc.generated.Point;
import org.jmojo.bindings.DispatchSequence;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;

/**
 * The RPC stacks {@link RpcBench} compares, each making the same two kinds of call in one process:
 * a unary call that sends a small struct (two ints and a short string) and gets one back, and a run
 * of one-way messages carrying it, ended by a round trip that says how many arrived.
 *
 * <ul>
 *   <li>{@link #JMOJO}: the generated {@code Geometry} interface ({@code rpc_bench.mojom}), a
 *       {@link Remote} and a {@link Receiver} on the two ends of a message pipe, with their default
 *       executors; one-way messages are {@code Record} calls, then {@code Count}.
 *   <li>{@link #JMOJO_DIRECT}: the same on the direct path: the receiver on
 *       {@link DispatchSequence#direct()}, the remote with direct callbacks, so a call is read,
 *       dispatched, answered and completed on the caller's thread.
 *   <li>{@link #GRPC} and {@link #GRPC_DIRECT}: gRPC-java's in-process transport with the same
 *       messages in protobuf encoding (hand-written protoc-style marshallers); a blocking unary call,
 *       and a client-streaming call for the one-way messages. {@link #GRPC} uses gRPC's default
 *       executors, {@link #GRPC_DIRECT} runs the server and the client on {@code directExecutor()},
 *       gRPC's fastest (and least safe) in-process set-up.
 *   <li>Across two processes ({@link RpcServerProcess}: the server in a child JVM): {@link #JMOJO_IPC} and
 *       {@link #JMOJO_IPC_DIRECT}, the same bindings over the invitation's pipe (a Unix socket between the two
 *       nodes); {@link #GRPC_NETTY} and {@link #GRPC_NETTY_DIRECT}, gRPC-java over Netty on a Unix domain socket
 *       with epoll, default executors or {@code directExecutor()} on both sides.
 * </ul>
 */
final class RpcStacks {

    static final String JMOJO = "jmojo";
    static final String JMOJO_DIRECT = "jmojo-direct";
    static final String GRPC = "grpc";
    static final String GRPC_DIRECT = "grpc-direct";
    static final String JMOJO_IPC = "jmojo-ipc";
    static final String JMOJO_IPC_DIRECT = "jmojo-ipc-direct";
    static final String GRPC_NETTY = "grpc-netty-uds";
    static final String GRPC_NETTY_DIRECT = "grpc-netty-uds-direct";

    private RpcStacks() {}

    /** One stack, connected; closed by {@link #close()}. Used by one thread. */
    interface Stack extends AutoCloseable {
        /** A unary call: sends {@code p}, returns the moved point. */
        Point move(Point p) throws Exception;

        /** Sends {@code count} one-way messages carrying {@code p} and waits until the server has counted them all. */
        void oneWay(Point p, int count) throws Exception;

        @Override
        void close();
    }

    static Stack open(String name) {
        return switch (name) {
            case JMOJO -> JmojoStack.inProcess(false);
            case JMOJO_DIRECT -> JmojoStack.inProcess(true);
            case GRPC -> GrpcStack.inProcess(false);
            case GRPC_DIRECT -> GrpcStack.inProcess(true);
            case JMOJO_IPC -> RpcServerProcess.jmojo(false);
            case JMOJO_IPC_DIRECT -> RpcServerProcess.jmojo(true);
            case GRPC_NETTY -> RpcServerProcess.grpcNetty(false);
            case GRPC_NETTY_DIRECT -> RpcServerProcess.grpcNetty(true);
            default -> throw new IllegalArgumentException("unknown RPC stack: " + name);
        };
    }

    /** A batch whose messages did not all arrive measured nothing. */
    static void checkCounted(long counted, long sent) {
        if (counted != sent) {
            throw new IllegalStateException("the server counted " + counted + " of " + sent + " messages");
        }
    }

    static Point moved(Point p) {
        return Point.newBuilder().setX(p.getX() + 1).setY(p.getY() + 1).setLabel(p.getLabel()).build();
    }

    // ---- jmojo --------------------------------------------------------------------------------

    /** The implementation; {@code recorded} is an atomic because Record and Count may run on different carrier threads. */
    static final class GeometryService implements Geometry {
        final AtomicLong recorded = new AtomicLong();

        @Override
        public CompletableFuture<Point> move(Point point) {
            return CompletableFuture.completedFuture(moved(point));
        }

        @Override
        public void record(Point point) {
            recorded.incrementAndGet();
        }

        @Override
        public CompletableFuture<Long> count() {
            return CompletableFuture.completedFuture(recorded.get());
        }
    }

    /** A {@link Geometry} remote, and what serves it: a receiver in this process, or a child process. */
    static final class JmojoStack implements Stack {
        private final Remote<Geometry> remote;
        private final AutoCloseable server;
        private final Geometry geometry;
        private long sent;

        JmojoStack(Remote<Geometry> remote, AutoCloseable server) {
            this.remote = remote;
            this.server = server;
            this.geometry = remote.get();
        }

        /** Both ends in this process, on a new pipe. */
        static JmojoStack inProcess(boolean direct) {
            MessagePipe pipe = Core.instance().createMessagePipe();
            PendingReceiver<Geometry> pending = new PendingReceiver<>(Geometry.DESCRIPTOR, pipe.end1());
            Receiver<Geometry> receiver = direct
                    ? Receiver.bind(pending, new GeometryService(), DispatchSequence.direct())
                    : Receiver.bind(pending, new GeometryService());
            return new JmojoStack(bindRemote(pipe.end0(), direct), receiver);
        }

        /** A remote of {@code Geometry} on {@code end}, with direct callbacks or the default callback queue. */
        static Remote<Geometry> bindRemote(MessagePipeEndpoint end, boolean direct) {
            return Remote.bind(new PendingRemote<>(Geometry.DESCRIPTOR, end),
                    direct ? Remote.Options.defaults().withDirectCallbacks() : Remote.Options.defaults());
        }

        @Override
        public Point move(Point p) throws Exception {
            return geometry.move(p).get();
        }

        @Override
        public void oneWay(Point p, int count) throws Exception {
            for (int i = 0; i < count; i++) {
                geometry.record(p);
            }
            sent += count;
            checkCounted(geometry.count().get(), sent);
        }

        @Override
        public void close() {
            remote.close();
            closeQuietly(server);
        }
    }

    /** Closes {@code c}; a failure to close is only logged (a benchmark's stacks close after the figures are out). */
    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.getLogger(RpcStacks.class.getName()).log(System.Logger.Level.WARNING, "closing " + c, e);
        }
    }

    // ---- gRPC-java ----------------------------------------------------------------------------

    /** A serialized message: gRPC reads its length without copying, as it does a protobuf message's stream. */
    private static final class SerializedMessage extends ByteArrayInputStream implements KnownLength {
        SerializedMessage(byte[] b) {
            super(b);
        }
    }

    /** Writes a message's fields. */
    private interface FieldWriter {
        void write(CodedOutputStream out) throws IOException;
    }

    /** Reads the field with tag {@code tag}, or skips it. */
    private interface FieldReader {
        void read(CodedInputStream in, int tag) throws IOException;
    }

    private static InputStream serialize(int size, FieldWriter fields) {
        byte[] b = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(b);
        try {
            fields.write(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SerializedMessage(b);
    }

    private static void parse(InputStream stream, FieldReader fields) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(stream);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                fields.read(in, tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Point} as protobuf {@code message Point { int32 x = 1; int32 y = 2; string label = 3; }}. */
    static final MethodDescriptor.Marshaller<Point> POINT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Point p) {
            return serialize(CodedOutputStream.computeInt32Size(1, p.getX()) + CodedOutputStream.computeInt32Size(2,
                    p.getY()) + CodedOutputStream.computeStringSize(3, p.getLabel()), out -> {
                        out.writeInt32(1, p.getX());
                        out.writeInt32(2, p.getY());
                        out.writeString(3, p.getLabel());
                    });
        }

        @Override
        public Point parse(InputStream stream) {
            Point.Builder p = Point.newBuilder();
            RpcStacks.parse(stream, (in, tag) -> {
                switch (tag) {
                    case 8 -> p.setX(in.readInt32());
                    case 16 -> p.setY(in.readInt32());
                    case 26 -> p.setLabel(in.readStringRequireUtf8());
                    default -> in.skipField(tag);
                }
            });
            return p.build();
        }
    };

    /** A count as protobuf {@code message Count { int64 count = 1; }}. */
    static final MethodDescriptor.Marshaller<Long> COUNT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Long n) {
            return serialize(CodedOutputStream.computeInt64Size(1, n), out -> out.writeInt64(1, n));
        }

        @Override
        public Long parse(InputStream stream) {
            long[] n = {0};
            RpcStacks.parse(stream, (in, tag) -> {
                if (tag == 8) {
                    n[0] = in.readInt64();
                } else {
                    in.skipField(tag);
                }
            });
            return n[0];
        }
    };

    static final MethodDescriptor<Point, Point> MOVE = MethodDescriptor.<Point, Point>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Geometry", "Move"))
            .setRequestMarshaller(POINT).setResponseMarshaller(POINT).build();

    static final MethodDescriptor<Point, Long> RECORD = MethodDescriptor.<Point, Long>newBuilder()
            .setType(MethodDescriptor.MethodType.CLIENT_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Geometry", "Record"))
            .setRequestMarshaller(POINT).setResponseMarshaller(COUNT).build();

    static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("bench.Geometry")
                .addMethod(MOVE, ServerCalls.asyncUnaryCall((p, response) -> {
                    response.onNext(moved(p));
                    response.onCompleted();
                }))
                .addMethod(RECORD, ServerCalls.asyncClientStreamingCall(response -> new StreamObserver<Point>() {
                    private long count;

                    @Override
                    public void onNext(Point p) {
                        count++;
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {
                        response.onNext(count);
                        response.onCompleted();
                    }
                }))
                .build();
    }

    /** A channel to the {@code bench.Geometry} service, and what serves it: a server in this process, or a child. */
    static final class GrpcStack implements Stack {
        private final ManagedChannel channel;
        private final AutoCloseable server;

        GrpcStack(ManagedChannel channel, AutoCloseable server) {
            this.channel = channel;
            this.server = server;
        }

        /** gRPC's in-process transport, with gRPC's default executors or {@code directExecutor()} on both sides. */
        static GrpcStack inProcess(boolean direct) {
            String name = InProcessServerBuilder.generateName();
            InProcessServerBuilder sb = InProcessServerBuilder.forName(name).addService(service());
            InProcessChannelBuilder cb = InProcessChannelBuilder.forName(name);
            if (direct) {
                sb.directExecutor();
                cb.directExecutor();
            }
            Server server;
            try {
                server = sb.build().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new GrpcStack(cb.build(), () -> shutDown(server));
        }

        @Override
        public Point move(Point p) {
            return ClientCalls.blockingUnaryCall(channel, MOVE, CallOptions.DEFAULT, p);
        }

        @Override
        public void oneWay(Point p, int count) throws Exception {
            CompletableFuture<Long> counted = new CompletableFuture<>();
            StreamObserver<Point> requests = ClientCalls.asyncClientStreamingCall(
                    channel.newCall(RECORD, CallOptions.DEFAULT), new StreamObserver<>() {
                        @Override
                        public void onNext(Long n) {
                            counted.complete(n);
                        }

                        @Override
                        public void onError(Throwable t) {
                            counted.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {}
                    });
            for (int i = 0; i < count; i++) {
                requests.onNext(p);
            }
            requests.onCompleted();
            checkCounted(counted.get(), count);
        }

        @Override
        public void close() {
            channel.shutdownNow();
            try {
                channel.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(server);
        }
    }

    /** Stops {@code server} at once and waits (up to 10 s) until it has. */
    static void shutDown(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
