package org.jmojo.benchmarks;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.benchmarks.rpc.generated.Geometry;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.DispatchSequence;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.OutgoingInvitation;

/**
 * The RPC stacks of {@code ./jmojo bench rpc} whose server runs in a child JVM (this class's {@link #main}, started
 * with this JVM's class path), so that every call crosses between two processes.
 *
 * <ul>
 *   <li>jmojo: the child is invited ({@link OutgoingInvitation#launch}) with one pipe, binds {@code Geometry} on it
 *       (on its default sequence, or direct) and exits when the parent's remote closes.
 *   <li>gRPC-java: the child serves {@code bench.Geometry} with Netty on a Unix domain socket (epoll, one event loop
 *       thread; gRPC's default executor or {@code directExecutor()}), prints {@value #READY} once it listens, and
 *       exits when its standard input ends, which the parent closes (or which ends with the parent).
 * </ul>
 */
final class RpcServerProcess {
    static final String READY = "ready";
    /** Bounds the child's start-up: only a failing run waits this long. */
    private static final Duration START = Duration.ofSeconds(60);
    private static final String PIPE = "geometry";
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.netty.bootstrap");

    private RpcServerProcess() {}

    /** jmojo's bindings across processes: a child JVM serves {@code Geometry} on an invitation pipe. */
    static RpcStacks.Stack jmojo(boolean direct) {
        try {
            OutgoingInvitation invitation = OutgoingInvitation.create();
            MessagePipeEndpoint end = invitation.attachMessagePipe(PIPE);
            Process child = invitation.launch(RpcServerProcess.class.getName(), "jmojo", direct ? "direct" : "default");
            if (!invitation.awaitAccepted(START)) {
                child.destroyForcibly();
                end.close();
                throw new IllegalStateException("the jmojo server process " + child.pid() + " did not join");
            }
            // The default options: the pipe's peer is in another process, so a blocking caller reads it itself
            // (Remote.Reads.AUTO); the direct stack has direct callbacks.
            Remote<Geometry> remote = RpcStacks.JmojoStack.bindRemote(end, direct);
            return new RpcStacks.JmojoStack(remote, () -> awaitExit(child));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the jmojo server process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the jmojo server process", e);
        }
    }

    /** gRPC-java over Netty on a Unix domain socket with epoll: a child JVM serves, this process calls. */
    static RpcStacks.Stack grpcNetty(boolean direct) {
        checkEpoll();
        Path dir;
        Process child;
        try {
            dir = Files.createTempDirectory("jmojo-bench-grpc");
            Path socket = dir.resolve("grpc.sock");
            List<String> command = new ArrayList<>(OutgoingInvitation.javaCommand(RpcServerProcess.class.getName(),
                    "grpc", direct ? "direct" : "default", socket.toString()));
            // protobuf-java reads memory through sun.misc.Unsafe, about which JDK 25 warns at the first use.
            command.add(1, "--sun-misc-unsafe-memory-access=allow");
            child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            if (!READY.equals(first)) {
                child.destroyForcibly();
                throw new IllegalStateException("the gRPC server process " + child.pid() + " did not start: " + first);
            }
            EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            NettyChannelBuilder cb = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollDomainSocketChannel.class).eventLoopGroup(loop).usePlaintext();
            if (direct) {
                cb.directExecutor();
            }
            ManagedChannel channel = cb.build();
            return new RpcStacks.GrpcStack(channel, () -> {
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                child.getOutputStream().close(); // the child exits when its standard input ends
                awaitExit(child);
                Files.deleteIfExists(socket);
                Files.deleteIfExists(dir);
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the gRPC server process", e);
        }
    }

    /** Checks that epoll works here, and quiets a warning that does not apply. */
    private static void checkEpoll() {
        // gRPC asks for SO_KEEPALIVE on every socket, which a Unix socket does not have: Netty warns each time. The
        // logger is held in a field so that its level stays set.
        QUIET.setLevel(java.util.logging.Level.SEVERE);
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's epoll transport is not available", Epoll.unavailabilityCause());
        }
    }

    /** Waits (up to 30 s) for {@code child} to exit, then kills it if it has not. */
    private static void awaitExit(Process child) throws InterruptedException {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    /** The child: {@code jmojo default|direct}, or {@code grpc default|direct SOCKET}. */
    public static void main(String[] args) throws Exception {
        boolean direct = args.length > 1 && args[1].equals("direct");
        if (args.length == 2 && args[0].equals("jmojo")) {
            serveJmojo(direct);
        } else if (args.length == 3 && args[0].equals("grpc")) {
            serveGrpc(direct, args[2]);
        } else {
            System.err.println("usage: RpcServerProcess jmojo default|direct | grpc default|direct SOCKET");
            System.exit(2);
        }
        System.exit(0);
    }

    private static void serveJmojo(boolean direct) throws Exception {
        MessagePipeEndpoint end = IncomingInvitation.acceptFromEnvironment().extractMessagePipe(PIPE);
        PendingReceiver<Geometry> pending = new PendingReceiver<>(Geometry.DESCRIPTOR, end);
        CompletableFuture<DisconnectReason> parentGone = new CompletableFuture<>();
        try (Receiver<Geometry> receiver = direct
                ? Receiver.bind(pending, new RpcStacks.GeometryService(), DispatchSequence.direct())
                : Receiver.bind(pending, new RpcStacks.GeometryService())) {
            receiver.setDisconnectHandler(parentGone::complete);
            parentGone.get();
        }
    }

    private static void serveGrpc(boolean direct, String socket) throws Exception {
        checkEpoll();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        NettyServerBuilder sb = NettyServerBuilder.forAddress(new DomainSocketAddress(socket))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(boss).workerEventLoopGroup(worker)
                .addService(RpcStacks.service());
        if (direct) {
            sb.directExecutor();
        }
        Server server = sb.build().start();
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent on standard input; its end is the signal to stop
        }
        RpcStacks.shutDown(server);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        worker.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
