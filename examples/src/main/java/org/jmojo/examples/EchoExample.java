package org.jmojo.examples;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.examples.echo.Echo;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/**
 * The echo service ({@code echo.mojom}), from implementation to call: {@code ./jmojo example echo}.
 * The README shows this file.
 */
public final class EchoExample {

    private EchoExample() {}

    /** The implementation: the generated interface {@link Echo}, one method per Mojom method. */
    static final class EchoService implements Echo {
        @Override
        public CompletableFuture<String> echo(String text) {
            return CompletableFuture.completedFuture(text);
        }
    }

    /** Binds the service to one end of a pipe, calls it through the other, prints the answers; returns the last. */
    static String run(PrintStream out) throws Exception {
        MessagePipe pipe = Core.instance().createMessagePipe();
        try (Receiver<Echo> service = Receiver.bind(new PendingReceiver<>(Echo.DESCRIPTOR, pipe.end1()),
                        new EchoService());
                Remote<Echo> echo = Remote.bind(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0()))) {
            String answer = echo.get().echo("hello, jmojo").get();
            out.println("echo answered: " + answer);
            // Calls are asynchronous: start several, then wait for each future.
            CompletableFuture<String> a = echo.get().echo("one");
            CompletableFuture<String> b = echo.get().echo("two");
            out.println("echo answered: " + a.get() + ", " + b.get());
            out.println("the service implements version " + echo.queryVersion().get() + " of " + Echo.NAME);
            return b.get();
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
