package org.jmojo.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * The README's "Tour of the API", as compiled code. The lines between the {@code tour:begin} and
 * {@code tour:end} markers appear verbatim (less their indentation) in README.md; {@code ApiTourTest}
 * runs this class and checks that the two copies are identical.
 */
final class ApiTour {
    private ApiTour() {}

    static void run() {
        // tour:begin
        Core core = Core.instance();
        try (MessagePipe pipe = core.createMessagePipe()) {
            MessagePipeEndpoint a = pipe.end0();
            MessagePipeEndpoint b = pipe.end1();

            // A message is bytes plus handles, written and read whole. Writes never block;
            // reads never block either: an empty queue is SHOULD_WAIT, a value, not an exception.
            System.out.println(b.readMessage().result());                  // SHOULD_WAIT
            a.writeMessage("hello".getBytes(UTF_8));
            System.out.println(b.querySignalsState().satisfied());         // READABLE|WRITABLE
            ReadResult r = b.readMessage();
            System.out.println(new String(r.message().bytes(), UTF_8));    // hello

            // Handles travel in messages: sending moves them (the sender's object becomes invalid).
            MessagePipe second = core.createMessagePipe();
            a.writeMessage("take this".getBytes(UTF_8), List.of(second.end1()));
            System.out.println(second.end1().isValid());                   // false
            Message m = b.readMessage().message();
            try (MessagePipeEndpoint passed = m.handle(0, MessagePipeEndpoint.class)) {
                second.end0().writeMessage("via the passed pipe".getBytes(UTF_8));
                // Block until a signal holds (spins briefly, then parks; never pins a virtual thread).
                core.wait(passed, Signals.READABLE, Deadline.after(Duration.ofSeconds(5)));
                System.out.println(new String(passed.readMessage().message().bytes(), UTF_8));
            }

            // Closing one end: the other side sees PEER_CLOSED, and writes to it fail (as a value).
            System.out.println(second.end0().querySignalsState().satisfied()); // PEER_CLOSED
            System.out.println(second.end0().writeMessage(new byte[1]));       // FAILED_PRECONDITION
            second.end0().close();
        }
        // tour:end
    }

    /** What {@link #run()} prints, line by line. */
    static final List<String> EXPECTED_OUTPUT = List.of(
            MojoResult.SHOULD_WAIT.name(),
            "READABLE|WRITABLE",
            "hello",
            "false",
            "via the passed pipe",
            "PEER_CLOSED",
            MojoResult.FAILED_PRECONDITION.name());
}
