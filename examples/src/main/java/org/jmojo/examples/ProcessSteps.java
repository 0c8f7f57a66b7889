package org.jmojo.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.jmojo.system.Core;
import org.jmojo.system.Deadline;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.ReadResult;
import org.jmojo.system.Signals;

/**
 * What the multi-process examples ({@link Demo}, {@link IpcExample}) share: a printer whose every line names the
 * process and its pid, a blocking read with a deadline, and numbered messages checked for order.
 *
 * <p>Not thread-safe (one per process part); reads block the calling thread up to {@link #WAIT}.
 */
final class ProcessSteps {
    /** How long any step waits for the other process before the example fails. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final String who;

    /** Lines of {@code role} (e.g. "child A") in this process, printed on {@code out}. */
    ProcessSteps(PrintStream out, String role) {
        this.out = out;
        this.who = "[" + role + " pid " + ProcessHandle.current().pid() + "]";
    }

    /** Prints one step, prefixed with the process's role and pid. */
    void say(String step) {
        out.println(who + " " + step);
    }

    /**
     * Waits up to {@link #WAIT} for the next message on {@code end} and reads it.
     *
     * @throws IllegalStateException if the wait ends otherwise (the peer closed, the deadline passed) or the read
     *     fails; the message names the result
     */
    static Message read(MessagePipeEndpoint end) {
        MojoResult w = Core.instance().wait(end, Signals.READABLE, Deadline.after(WAIT)).result();
        if (w != MojoResult.OK) {
            throw new IllegalStateException("waiting to read: " + w);
        }
        ReadResult r = end.readMessage();
        if (!r.isOk()) {
            throw new IllegalStateException("read: " + r.result());
        }
        return r.message();
    }

    /** The next message on {@code end} as UTF-8 text (see {@link #read}). */
    static String readText(MessagePipeEndpoint end) {
        return new String(read(end).bytes(), UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    /** Writes {@code bytes} on {@code end} or throws naming the result. */
    static void write(MessagePipeEndpoint end, byte[] bytes) {
        MojoResult r = end.writeMessage(bytes);
        if (r != MojoResult.OK) {
            throw new IllegalStateException("write: " + r);
        }
    }

    /** Message number {@code seq} of a numbered stream (4 bytes, little-endian). */
    static byte[] numbered(int seq) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(seq).array();
    }

    /**
     * Reads messages {@code first}, {@code first + 1}, … {@code end - 1} of a numbered stream from {@code pipe}.
     *
     * @throws IllegalStateException naming the expected and received numbers at the first gap, duplicate or
     *     reordering
     */
    static void readNumbered(MessagePipeEndpoint pipe, int first, int end) {
        for (int seq = first; seq < end; seq++) {
            byte[] bytes = read(pipe).bytes();
            int got = bytes.length == 4 ? ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() : -1;
            if (got != seq) {
                throw new IllegalStateException("expected message " + seq + ", got " + (got < 0 ? bytes.length
                        + " bytes" : "message " + got));
            }
        }
    }
}
