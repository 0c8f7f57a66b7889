package org.jmojo.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jmojo.examples.files.FileService;
import org.jmojo.system.Core;
import org.jmojo.system.PlatformHandle;

/**
 * {@code ./jmojo example files}: a file service in a child JVM answers with open files. The client (the parent)
 * asks for a file by name and gets its descriptor itself, a {@code handle<platform>} ({@link PlatformHandle})
 * that crossed the socket beside the message; it reads the file through that descriptor. A name outside the
 * served directory, or one that is not there, gets no descriptor and an error instead.
 */
public final class FilesExample {

    private FilesExample() {}

    /** The child's service: opens files of {@code dir} for reading; the answer takes the open descriptor. */
    record FileServiceImpl(Path dir) implements FileService {
        @Override
        public CompletableFuture<OpenResponse> open(String name) {
            Path file = dir.resolve(name).normalize();
            if (!dir.equals(file.getParent())) {
                return CompletableFuture.completedFuture(new OpenResponse(null, name + " is outside the served directory"));
            }
            if (!Files.isRegularFile(file)) {
                return CompletableFuture.completedFuture(new OpenResponse(null, "there is no file " + name));
            }
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                return CompletableFuture.completedFuture(new OpenResponse(Core.instance().wrapFileChannel(channel), null));
            } catch (IOException e) {
                return CompletableFuture.completedFuture(new OpenResponse(null, "cannot open " + name + ": " + e));
            }
        }
    }

    /** Reads the whole file behind {@code file} through its descriptor, which it takes and closes. */
    static String readThrough(PlatformHandle file) throws IOException {
        try (FileChannel channel = file.unwrapFileChannel()) {
            ByteBuffer buf = ByteBuffer.allocate((int) channel.size());
            while (buf.hasRemaining() && channel.read(buf) >= 0) {
                // until the buffer is full (the file's size) or the end of the file
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /** The parent's part: serves a fresh directory from a child, asks for three names; returns what each gave. */
    static List<String> run(PrintStream out) throws Exception {
        String me = "[parent pid " + ProcessHandle.current().pid() + "]";
        Path dir = Files.createTempDirectory("jmojo-files-example");
        Files.writeString(dir.resolve("hello.txt"), "Hello from a file the child opened.\n");
        List<String> answers = new ArrayList<>();
        try (ServiceProcess<FileService> child = ServiceProcess.launch(FileService.DESCRIPTOR, FilesExample.class,
                "--serve", dir.toString())) {
            out.println(me + " child pid " + child.process().pid() + " serves the files of " + dir);
            for (String name : List.of("hello.txt", "missing.txt", "../hello.txt")) {
                FileService.OpenResponse r = child.remote().get().open(name).get(60, TimeUnit.SECONDS);
                String answer = r.file() != null ? "read through the received descriptor: " + readThrough(r.file()).strip()
                        : "no descriptor: " + r.error();
                answers.add(answer);
                out.println(me + " open " + name + " -> " + answer);
            }
            int status = child.closeAndWait();
            out.println(me + " closed the remote; child " + child.process().pid() + " exited with status " + status);
        } finally {
            Files.delete(dir.resolve("hello.txt"));
            Files.delete(dir);
        }
        return answers;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--serve")) {
            ServiceProcess.serve(FileService.DESCRIPTOR, new FileServiceImpl(Path.of(args[1]).toAbsolutePath().normalize()));
            return;
        }
        run(System.out);
        System.exit(0);
    }
}
