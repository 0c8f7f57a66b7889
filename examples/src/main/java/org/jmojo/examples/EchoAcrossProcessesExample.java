package org.jmojo.examples;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.examples.echo.Echo;

/**
 * {@code ./jmojo example echo-ipc}: the echo service of {@code ./jmojo example echo}, served by a child JVM. The
 * parent launches the child with an invitation pipe, calls the service through a {@link org.jmojo.bindings.Remote}
 * on its end, then closes the remote; the child's receiver sees the disconnection and the child exits.
 */
public final class EchoAcrossProcessesExample {

    private EchoAcrossProcessesExample() {}

    /** The child's service: answers with the text it was sent, and says which process answered. */
    static final class EchoService implements Echo {
        @Override
        public CompletableFuture<String> echo(String text) {
            return CompletableFuture.completedFuture(text + " (from pid " + ProcessHandle.current().pid() + ")");
        }
    }

    /** The parent's part; returns the child's exit status. */
    static int run(PrintStream out) throws Exception {
        String me = "[parent pid " + ProcessHandle.current().pid() + "]";
        try (ServiceProcess<Echo> child = ServiceProcess.launch(Echo.DESCRIPTOR, EchoAcrossProcessesExample.class,
                "--child")) {
            out.println(me + " launched child pid " + child.process().pid() + ", which serves " + Echo.NAME);
            Echo echo = child.remote().get();
            out.println(me + " echo answered: " + echo.echo("hello, child").get(60, TimeUnit.SECONDS));
            CompletableFuture<String> a = echo.echo("one");
            CompletableFuture<String> b = echo.echo("two");
            out.println(me + " echo answered: " + a.get(60, TimeUnit.SECONDS) + ", " + b.get(60, TimeUnit.SECONDS));
            int status = child.closeAndWait();
            out.println(me + " closed the remote; child " + child.process().pid() + " exited with status " + status);
            return status;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--child")) {
            ServiceProcess.serve(Echo.DESCRIPTOR, new EchoService());
            return;
        }
        System.exit(run(System.out));
    }
}
