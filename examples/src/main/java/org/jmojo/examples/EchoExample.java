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
 * README.md shows the region between the {@code readme} markers ({@code ReadmeEchoTest} keeps them
 * identical).
 */
public final class EchoExample {

    private EchoExample() {}

    /** Binds the service to one end of a pipe, calls it through the other, prints the answers; returns the last. */
    static String run(PrintStream out) throws Exception {
        // readme:begin
        // The implementation: the generated Java interface, one method per Mojom method.
        class EchoService implements Echo {
            @Override
            public CompletableFuture<String> echo(String text) {
                return CompletableFuture.completedFuture(text);
            }
        }

        // Bind it to one end of a pipe, and call it through a Remote on the other end.
        MessagePipe pipe = Core.instance().createMessagePipe();
        try (Receiver<Echo> service = Receiver.bind(new PendingReceiver<>(Echo.DESCRIPTOR, pipe.end1()),
                        new EchoService());
                Remote<Echo> echo = Remote.bind(new PendingRemote<>(Echo.DESCRIPTOR, pipe.end0()))) {
            String answer = echo.get().echo("hello, jmojo").get();
            out.println("echo answered: " + answer);                   // echo answered: hello, jmojo

            // Calls are asynchronous: start several, then wait for each future.
            CompletableFuture<String> a = echo.get().echo("one");
            CompletableFuture<String> b = echo.get().echo("two");
            out.println("echo answered: " + a.get() + ", " + b.get()); // echo answered: one, two
            out.println("the service implements version " + echo.queryVersion().get() + " of " + Echo.NAME);
            return b.get();
        }
        // readme:end
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
