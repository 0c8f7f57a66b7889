package org.jmojo.examples;

/** What {@code ./jmojo example NAME} runs: the main class of the example NAME. */
public final class Examples {

    private Examples() {}

    private static final String USAGE = """
            Usage: jmojo example NAME
              echo       the echo service of the README: a Mojom interface, its implementation, a call
              kv-store   a key-value store; the client passes a pending_receiver<Watcher> for change
                         notifications and calls it before the store has it (pipelining)
              upload     a streaming upload with flow control: the window of unacknowledged chunks
                         travels with the sink's answers (StreamSender)
              ipc        a process's death through its pipes: a child JVM writing without pause is killed
                         with SIGKILL; its pipe reports PEER_CLOSED after what arrived
              threads    the first demo, in one process: two threads talk over a pipe, pass a second
                         pipe, time round trips, close
            Each bindings example binds its service and its client in this process and prints what happens.""";

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || args[0].equals("--help") || args[0].equals("-h")) {
            boolean help = args.length == 1;
            (help ? System.out : System.err).println(USAGE);
            System.exit(help ? 0 : 2);
        }
        switch (args[0]) {
            case "echo" -> EchoExample.main(new String[0]);
            case "kv-store" -> KeyValueStoreExample.main(new String[0]);
            case "upload" -> UploadExample.main(new String[0]);
            case "ipc" -> IpcExample.main(new String[0]);
            case "threads" -> ThreadsExample.main(new String[0]);
            default -> {
                System.err.println("jmojo example: no example '" + args[0] + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }
}
