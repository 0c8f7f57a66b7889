package org.jmojo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jmojo.system.Core;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;
import org.jmojo.system.MessagePipe;
import org.jmojo.system.MessagePipeEndpoint;
import org.jmojo.system.MojoResult;
import org.jmojo.system.PlatformHandle;
import org.jmojo.system.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random workloads of platform handles on two nodes: wraps, writes of several handles at once on a pipe
 * inside each node and on one between them, deliveries in random order, reads, unwraps and closes. Whenever
 * everything has been delivered and read, the number of descriptors pointing at the test's file equals the number
 * of platform handles the test holds (none is lost, none is duplicated); at the end it is 0. A failing seed is
 * printed in the assertion and replays exactly.
 */
@Timeout(300)
class PlatformHandleRandomTest {
    @TempDir
    Path dir;

    /** One node's side: the handles it holds, and the pipe ends it writes to and reads from. */
    private static final class Side {
        final Core core;
        final List<PlatformHandle> held = new ArrayList<>();
        final List<MessagePipeEndpoint> ends = new ArrayList<>();

        Side(Core core) {
            this.core = core;
        }
    }

    @Test
    void randomWorkloads_everyDescriptorHasExactlyOneOwner() throws IOException {
        Path file = dir.resolve("random.txt");
        Files.writeString(file, "random");
        file = file.toRealPath();
        for (long seed = 1; seed <= 20; seed++) {
            run(seed, file);
        }
    }

    private void run(long seed, Path file) throws IOException {
        Random random = new Random(seed);
        try (MultiNodeFixture nodes = MultiNodeFixture.create(2)) {
            Side[] sides = {new Side(nodes.node(0)), new Side(nodes.node(1))};
            MessagePipe across = nodes.endpointPair(0, 1);
            MessagePipe local0 = nodes.node(0).createMessagePipe();
            MessagePipe local1 = nodes.node(1).createMessagePipe();
            sides[0].ends.addAll(List.of(across.end0(), local0.end0(), local0.end1()));
            sides[1].ends.addAll(List.of(across.end1(), local1.end0(), local1.end1()));
            for (int op = 0; op < 300; op++) {
                Side side = sides[random.nextInt(2)];
                switch (random.nextInt(7)) {
                    case 0, 1 -> side.held.add(side.core.wrapFileChannel(FileChannel.open(file, StandardOpenOption.READ)));
                    case 2 -> write(side, random);
                    case 3 -> nodes.deliverNext();
                    case 4 -> read(side, side.ends.get(random.nextInt(side.ends.size())));
                    case 5 -> {
                        if (!side.held.isEmpty()) {
                            PlatformHandle h = side.held.remove(random.nextInt(side.held.size()));
                            if (random.nextBoolean()) {
                                h.close();
                            } else {
                                h.unwrapFileChannel().close();
                            }
                        }
                    }
                    default -> {
                        settle(nodes, sides);
                        assertThat(OpenDescriptors.pointingAt(file)).as("seed %d, op %d: descriptors = handles held", seed, op)
                                .isEqualTo(sides[0].held.size() + sides[1].held.size());
                    }
                }
            }
            settle(nodes, sides);
            assertThat(OpenDescriptors.pointingAt(file)).as("seed %d: descriptors = handles held", seed)
                    .isEqualTo(sides[0].held.size() + sides[1].held.size());
            // A message left unread in a pipe closes its descriptors with the pipe.
            write(sides[0], random);
            for (Side s : sides) {
                s.held.forEach(Handle::close);
            }
            across.close();
            local0.close();
            local1.close();
            nodes.deliverAll();
            assertThat(OpenDescriptors.pointingAt(file)).as("seed %d: all closed", seed).isZero();
            assertThat(nodes.violations()).isEmpty();
            nodes.assertNoLeaks();
        }
    }

    /** Writes up to three held handles of {@code side} on one of its pipe ends; a refused write leaves them held. */
    private static void write(Side side, Random random) {
        List<PlatformHandle> attach = new ArrayList<>();
        int n = Math.min(side.held.size(), random.nextInt(4));
        for (int i = 0; i < n; i++) {
            attach.add(side.held.remove(random.nextInt(side.held.size())));
        }
        MessagePipeEndpoint end = side.ends.get(random.nextInt(side.ends.size()));
        if (end.writeMessage(new byte[] {(byte) n}, attach) != MojoResult.OK) {
            side.held.addAll(attach);
        }
    }

    /** Reads every message {@code end} has, keeping the handles that arrive. */
    private static void read(Side side, MessagePipeEndpoint end) {
        for (ReadResult r = end.readMessage(); r.result() == MojoResult.OK; r = end.readMessage()) {
            Message m = r.message();
            assertThat(m.handles()).hasSize(m.bytes()[0]);
            for (Handle h : m.handles()) {
                side.held.add((PlatformHandle) h);
            }
        }
    }

    /** Delivers everything and reads every message, so that every descriptor is in a held handle. */
    private static void settle(MultiNodeFixture nodes, Side[] sides) {
        nodes.deliverAll();
        for (Side s : sides) {
            for (MessagePipeEndpoint end : s.ends) {
                read(s, end);
            }
        }
    }
}
