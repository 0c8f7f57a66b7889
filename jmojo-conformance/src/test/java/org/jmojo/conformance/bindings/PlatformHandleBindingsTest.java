package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.conformance.bindings.BindingModeTest.WAIT_S;
import static org.jmojo.conformance.bindings.BindingModeTest.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jmojo.test.bindings.FileRef;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.system.Core;
import org.jmojo.system.IncomingInvitation;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.OutgoingInvitation;
import org.jmojo.system.PlatformHandle;
import org.jmojo.testing.MultiNodeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mojom {@code handle<platform>} is the core's {@link PlatformHandle}: open files travel as a method
 * parameter, a struct field (nullable and not) and in a response, through the bindings jmojom
 * generates for {@code Files} (bindings_test.mojom). The receiving side reads each file through the
 * descriptor it got. Every test runs with both ends in this node; with the client on one node and
 * the service on another ({@link MultiNodeFixture}, which carries each descriptor beside its event as
 * a socket's {@code SCM_RIGHTS} would); and with the service in a child JVM ({@link FilesChild}, invited
 * with {@link OutgoingInvitation#launch}), where each descriptor crosses a Unix socket.
 */
@ParameterizedClass
@EnumSource(PlatformHandleBindingsTest.Placement.class)
class PlatformHandleBindingsTest {

    /** Where the two ends of the service's pipe are. */
    enum Placement {
        ONE_NODE, TWO_NODES, CHILD_PROCESS
    }

    @TempDir
    Path dir;

    private final MultiNodeFixture nodes;
    /** The client's node. */
    private final Core client;
    private final Remote<jmojo.test.bindings.Files> files;
    /** The service's side: its receiver and pipe in this JVM, or the child process that serves. */
    private final AutoCloseable service;

    PlatformHandleBindingsTest(Placement placement) throws Exception {
        nodes = placement == Placement.TWO_NODES ? MultiNodeFixture.createWithImmediateDelivery(2) : null;
        client = nodes == null ? Core.instance() : nodes.node(0);
        MessagePipeEndpoint clientEnd;
        if (placement == Placement.CHILD_PROCESS) {
            OutgoingInvitation invitation = OutgoingInvitation.create();
            clientEnd = invitation.attachMessagePipe(FilesChild.PIPE);
            Process child = invitation.launch(FilesChild.class.getName());
            assertThat(invitation.awaitAccepted(Duration.ofSeconds(WAIT_S))).as("the child joined").isTrue();
            service = () -> {
                boolean exited = child.waitFor(WAIT_S, TimeUnit.SECONDS);
                if (!exited) {
                    // A child left running would keep this JVM's inherited output open, and the build waiting.
                    child.destroyForcibly();
                }
                assertThat(exited && child.exitValue() == 0).as("the child exits with status 0 once its client is gone")
                        .isTrue();
            };
        } else {
            MessagePipe pipe = nodes == null ? client.createMessagePipe() : nodes.endpointPair(0, 1);
            Receiver<jmojo.test.bindings.Files> receiver = Receiver.bind(
                    new PendingReceiver<>(jmojo.test.bindings.Files.DESCRIPTOR, pipe.end1()), new FilesImpl());
            clientEnd = pipe.end0();
            service = () -> {
                receiver.close();
                pipe.close();
            };
        }
        files = Remote.bind(new PendingRemote<>(jmojo.test.bindings.Files.DESCRIPTOR, clientEnd));
    }

    @AfterEach
    void close() throws Exception {
        files.close();
        service.close();
        if (nodes != null) {
            nodes.close();
        }
    }

    /** The service in a child JVM: serves {@link FilesImpl} on the invitation's pipe until its client leaves. */
    static final class FilesChild {
        static final String PIPE = "files";

        public static void main(String[] args) throws Exception {
            MessagePipeEndpoint end = IncomingInvitation.acceptFromEnvironment().extractMessagePipe(PIPE);
            CompletableFuture<DisconnectReason> clientGone = new CompletableFuture<>();
            try (Receiver<jmojo.test.bindings.Files> receiver = Receiver.bind(
                    new PendingReceiver<>(jmojo.test.bindings.Files.DESCRIPTOR, end), new FilesImpl())) {
                receiver.setDisconnectHandler(clientGone::complete);
                clientGone.get();
            }
            System.exit(0);
        }
    }

    /** Reads every file it is sent through its descriptor; the descriptor is its to close. */
    static final class FilesImpl implements jmojo.test.bindings.Files {
        @Override
        public CompletableFuture<String> read(PlatformHandle file) {
            return CompletableFuture.completedFuture(readAll(file));
        }

        @Override
        public CompletableFuture<String> readRef(FileRef ref) {
            String text = ref.getName() + ": " + readAll(ref.getFile());
            if (ref.getSpare() != null) {
                text += " | " + readAll(ref.getSpare());
            }
            return CompletableFuture.completedFuture(text);
        }

        @Override
        public CompletableFuture<FileRef> return_(PlatformHandle file) {
            return CompletableFuture.completedFuture(FileRef.newBuilder().setName("returned").setFile(file).build());
        }
    }

    /** The whole file behind {@code h}, read from its start; unwrapping takes the descriptor, which is closed here. */
    static String readAll(PlatformHandle h) {
        try (FileChannel ch = h.unwrapFileChannel()) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
                // read(dst, position) does not move the channel, so the loop passes the position on
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new file holding {@code content}, wrapped as a platform handle of the client's node. */
    private PlatformHandle file(String name, String content) throws IOException {
        Path p = Files.writeString(dir.resolve(name), content);
        return client.wrapFileChannel(FileChannel.open(p, StandardOpenOption.READ));
    }

    @Test
    void aDescriptorAsAMethodParameter_isReadThroughByTheService() throws Exception {
        PlatformHandle h = file("a.txt", "through a parameter");
        CompletableFuture<String> content = files.get().read(h);
        assertThat(await(content)).isEqualTo("through a parameter");
        assertThat(h.isValid()).as("the sender's handle went with the message").isFalse();
    }

    @Test
    void descriptorsInAStructField_bothSlotsArrive() throws Exception {
        FileRef ref = FileRef.newBuilder().setName("pair").setFile(file("b.txt", "first"))
                .setSpare(file("c.txt", "second")).build();
        assertThat(await(files.get().readRef(ref))).isEqualTo("pair: first | second");
    }

    @Test
    void aNullableDescriptorFieldLeftNull_arrivesNull() throws Exception {
        FileRef ref = FileRef.newBuilder().setName("single").setFile(file("d.txt", "only")).build();
        assertThat(await(files.get().readRef(ref))).isEqualTo("single: only");
    }

    @Test
    void aDescriptorInAResponseStruct_comesBackToTheClientAndReads() throws Exception {
        FileRef back = await(files.get().return_(file("e.txt", "round trip")));
        assertThat(back.getName()).isEqualTo("returned");
        assertThat(back.getSpare()).isNull();
        assertThat(readAll(back.getFile())).isEqualTo("round trip");
    }
}
