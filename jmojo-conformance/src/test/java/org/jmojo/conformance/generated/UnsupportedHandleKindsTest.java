package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jmojo.golden.Handles;
import jmojo.test.bindings.FileRef;
import org.jmojo.bindings.ValidationError;
import org.jmojo.bindings.ValidationException;
import org.jmojo.system.Core;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.PlatformHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each handle kind has its own Java type (the core's {@code PlatformHandle} for {@code handle<platform>};
 * types of their own for shared buffers and data pipes, which the core does not have yet), and a message
 * whose slot of such a kind holds another kind of handle (a message pipe endpoint) is refused with a
 * validation error naming the type it needed, instead of decoding into a value of the wrong kind.
 */
class UnsupportedHandleKindsTest {

    @Test
    void sharedBufferSlot_holdingAMessagePipe_refusedNamingTheType() throws ValidationException {
        Message sent = Handles.newBuilder().setBuffer(new LabelHandle("buffer")).build().serialize();
        assertThat(sent.handles()).hasSize(1);
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            assertThatThrownBy(() -> Handles.deserialize(MemorySegment.ofArray(sent.bytes()), List.of(pipe.end0())))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_DESERIALIZATION_FAILED))
                    .hasMessageContaining("SharedBufferHandle");
            // The same bytes with the pipe in a message-pipe slot decode.
            Message pipeSent = Handles.newBuilder().setPipe(new LabelHandle("pipe")).build().serialize();
            Handles received = Handles.deserialize(MemorySegment.ofArray(pipeSent.bytes()), List.of(pipe.end1()));
            assertThat(received.getPipe()).isSameAs(pipe.end1());
            assertThat(received.getBuffer()).isNull();
        }
    }

    @Test
    void dataPipeConsumerSlot_holdingAMessagePipe_refusedNamingTheType() {
        Message sent = Handles.newBuilder().setConsumer(new LabelHandle("consumer")).build().serialize();
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            assertThatThrownBy(() -> Handles.deserialize(MemorySegment.ofArray(sent.bytes()), List.of(pipe.end0())))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_DESERIALIZATION_FAILED))
                    .hasMessageContaining("DataPipeConsumerHandle");
        }
    }

    @Test
    void platformHandleSlot_holdingAMessagePipe_refusedNamingTheType(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "unused");
        PlatformHandle h = Core.instance().wrapFileChannel(FileChannel.open(file, StandardOpenOption.READ));
        Message sent = FileRef.newBuilder().setName("x").setFile(h).build().serialize();
        try (MessagePipe pipe = Core.instance().createMessagePipe()) {
            assertThatThrownBy(() -> FileRef.deserialize(MemorySegment.ofArray(sent.bytes()), List.of(pipe.end0())))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.error()).isEqualTo(ValidationError.VALIDATION_ERROR_DESERIALIZATION_FAILED))
                    .hasMessageContaining("PlatformHandle");
        } finally {
            h.close();
        }
    }
}
