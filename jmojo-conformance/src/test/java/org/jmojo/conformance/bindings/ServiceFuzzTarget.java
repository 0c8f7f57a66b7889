package org.jmojo.conformance.bindings;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jmojo.test.bindings.Forms;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MethodSchema;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.conformance.RandomValues;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * Structure-aware fuzzing of a service, in the manner of Chromium's MojoLPM: a sequence of calls to
 * a real implementation of {@code Forms} (bindings_test.mojom) behind a real {@link Receiver}, each
 * a method chosen by the input with random arguments built from the method's schema (message pipe
 * endpoints attached for its handles and endpoints), sometimes with one byte changed, written to
 * the receiver's pipe as a hostile client would.
 *
 * <p>The property: only typed outcomes. Every message the service sends back is a valid response
 * of the interface (or a control message); the service answers every call that expects a response,
 * or closes the pipe and says why ({@link DisconnectReason}); and a run that changed no byte is never
 * refused (the schema-driven encoder and the generated decoders agree); only its implementation may
 * fail one.
 */
final class ServiceFuzzTarget {

    /** The choices a run makes: from Jazzer's input when fuzzing, from a seeded {@link Random} in every build. */
    interface Choices {
        int pick(int min, int max);

        long seed();

        boolean coin();
    }

    static final int MAX_CALLS = 8;
    private static final Duration BOUND = Duration.ofSeconds(30);

    private ServiceFuzzTarget() {}

    /** What a run saw. */
    record Outcome(int calls, int expected, int responses, boolean changedBytes, DisconnectReason closed) {}

    /** Runs one sequence of calls and checks the property; returns what happened. */
    static Outcome check(Choices choices) throws Exception {
        InterfaceSchema schema = Forms.SCHEMA;
        MessagePipe pipe = Core.instance().createMessagePipe();
        List<MessagePipe> attached = new ArrayList<>();
        CompletableFuture<DisconnectReason> lost = new CompletableFuture<>();
        try (Receiver<Forms> receiver = Receiver.bind(new PendingReceiver<>(Forms.DESCRIPTOR, pipe.end1()),
                new GeneratedFormsTest.FormsImpl())) {
            receiver.setDisconnectHandler(lost::complete);
            int calls = choices.pick(1, MAX_CALLS);
            int expected = 0;
            boolean changed = false;
            for (int i = 0; i < calls; i++) {
                MethodSchema m = schema.methods().get(choices.pick(0, schema.methods().size() - 1));
                Map<String, Object> args = new RandomValues(new Random(choices.seed())).struct(m.request(), 0);
                int flags = (m.hasResponse() ? MessageHeader.FLAG_EXPECTS_RESPONSE : 0)
                        | (m.sync() && choices.coin() ? MessageHeader.FLAG_IS_SYNC : 0);
                ValueCodec.Encoded encoded = MessageBuilder.encode(0, m.ordinal(), flags, i + 1, m.request(), args);
                byte[] bytes = encoded.bytes();
                boolean changeThis = choices.coin();
                if (changeThis) {
                    bytes[choices.pick(0, bytes.length - 1)] ^= (byte) choices.pick(1, 255);
                    changed = true;
                }
                List<Handle> handles = new ArrayList<>();
                for (int h = 0; h < encoded.handles().size(); h++) {
                    MessagePipe p = Core.instance().createMessagePipe();
                    attached.add(p);
                    handles.add(p.end0());
                }
                if (pipe.end0().writeMessage(bytes, handles) != MojoResult.OK) {
                    break; // the service has closed the pipe already
                }
                if (m.hasResponse() && !changeThis) {
                    // A changed message may have become one without a response (a control message
                    // the router answers in its own way, say): only unchanged calls must be answered.
                    expected++;
                }
            }
            int responses = readResponses(pipe, schema, expected);
            DisconnectReason closed = responses < expected ? lost.get(BOUND.toSeconds(), TimeUnit.SECONDS) : null;
            if (closed != null && !changed && closed.kind() != DisconnectReason.Kind.IMPLEMENTATION_FAILED) {
                // Only the implementation may fail a well-formed call (DivMod by zero throws).
                throw new AssertionError("a well-formed call was refused: " + closed);
            }
            return new Outcome(calls, expected, responses, changed, closed);
        } finally {
            pipe.close();
            attached.forEach(MessagePipe::close);
        }
    }

    /** Reads until {@code expected} responses arrived or the peer closed; each must validate as a response. */
    private static int readResponses(MessagePipe pipe, InterfaceSchema schema, int expected)
            throws ValidationException {
        int responses = 0;
        while (responses < expected) {
            MojoResult waited = Core.instance().wait(pipe.end0(), Signals.of(Signals.READABLE, Signals.PEER_CLOSED),
                    Deadline.after(BOUND)).result();
            if (waited == MojoResult.DEADLINE_EXCEEDED) {
                throw new AssertionError("the service neither answered nor closed the pipe for " + BOUND + " with "
                        + (expected - responses) + " call(s) unanswered");
            }
            ReadResult r = pipe.end0().readMessage();
            if (r.result() == MojoResult.SHOULD_WAIT) {
                continue;
            }
            if (!r.isOk()) {
                return responses; // closed: the caller asks why
            }
            Message m = r.message();
            try {
                MemorySegment bytes = MemorySegment.ofArray(m.bytes());
                if (!MessageHeader.read(bytes).isControlMessage()) {
                    Validator.validateIncomingResponse(bytes, m.handles().size(), schema);
                    responses++;
                }
            } finally {
                m.closeHandles();
            }
        }
        return responses;
    }
}
