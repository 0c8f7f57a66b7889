package org.jmojo.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jmojo.internal.platform.EventFd;
import org.jmojo.internal.platform.Fd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame decoder against well-formed streams split anywhere, and against every rule a peer can break. */
class FrameDecoderTest {
    private final List<Frame> frames = new ArrayList<>();

    private FrameDecoder decoder(PeerRole... roles) {
        return new FrameDecoder(EnumSet.of(roles[0], roles), ChannelLimits.DEFAULT);
    }

    private void feed(FrameDecoder d, byte[] bytes, List<Fd> fds) throws ProtocolViolation {
        d.accept(RawFrames.segment(bytes), bytes.length, fds, frames::add);
    }

    private void feed(FrameDecoder d, byte[] bytes) throws ProtocolViolation {
        feed(d, bytes, List.of());
    }

    private CloseReason violation(FrameDecoder d, byte[] bytes, List<Fd> fds) {
        ProtocolViolation v = catchThrowableOfType(ProtocolViolation.class, () -> feed(d, bytes, fds));
        assertThat(v).as("expected a violation").isNotNull();
        return v.reason();
    }

    private CloseReason violation(FrameDecoder d, byte[] bytes) {
        return violation(d, bytes, List.of());
    }

    private static List<Fd> eventFds(int n) throws Exception {
        List<Fd> fds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fds.add(new EventFd().fd());
        }
        return fds;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void wellFormedStream_splitAtEveryPoint_sameFramesAndVersion() throws Exception {
        byte[] event = new byte[100];
        new Random(1).nextBytes(event);
        byte[] stream = RawFrames.stream().add(RawFrames.hello(PeerRole.INVITEE))
                .add(RawFrames.frame(FrameType.EVENT, event, 0))
                .add(RawFrames.frame(FrameType.REQUEST_PORT_MERGE, RawFrames.mergePayload("bootstrap"), 0))
                .add(RawFrames.frame(FrameType.GOODBYE, new byte[0], 0)).toArray();
        for (int split = 0; split <= stream.length; split++) {
            frames.clear();
            FrameDecoder d = decoder(PeerRole.INVITEE);
            byte[] first = java.util.Arrays.copyOfRange(stream, 0, split);
            byte[] rest = java.util.Arrays.copyOfRange(stream, split, stream.length);
            feed(d, first);
            feed(d, rest);
            assertThat(frames).extracting(Frame::type)
                    .containsExactly(FrameType.HELLO, FrameType.EVENT, FrameType.REQUEST_PORT_MERGE, FrameType.GOODBYE);
            assertThat(frames.get(1).payload().byteSize()).isEqualTo(104); // padded to 8
            assertThat(frames.get(1).payload().asSlice(0, 100).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                    .isEqualTo(event);
            assertThat(d.version()).isEqualTo(1);
            assertThat(d.sawGoodbye()).isTrue();
        }
    }

    @Test
    void oneByteAtATime_allFramesDelivered() throws Exception {
        byte[] stream = RawFrames.stream().add(RawFrames.helloAck(HelloAck.Status.OK, 1))
                .add(RawFrames.frame(FrameType.EVENT, new byte[64], 0))
                .add(RawFrames.frame(FrameType.MERGE_FAILED, new byte[16], 0)).toArray();
        FrameDecoder d = decoder(PeerRole.INVITER);
        for (byte b : stream) {
            feed(d, new byte[] {b});
        }
        assertThat(frames).extracting(Frame::type).containsExactly(FrameType.HELLO_ACK, FrameType.EVENT, FrameType.MERGE_FAILED);
    }

    @ParameterizedTest
    @ValueSource(longs = {0x8000_0000L, 0xFFFF_FFF8L, (128L << 20) + 8})
    void lengthAboveLimit_limitBeforeAnyAllocation(long claimed) throws Exception {
        byte[] header = RawFrames.header(claimed, FrameType.EVENT.code(), 0, 0, 0);
        FrameDecoder warmUp = decoder(PeerRole.INVITEE); // first use loads classes and links call sites
        feed(warmUp, RawFrames.hello(PeerRole.INVITEE));
        violation(warmUp, header);
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        long before = allocatedBytes();
        assertThat(violation(d, header)).isEqualTo(CloseReason.LIMIT);
        assertThat(allocatedBytes() - before).as("bytes allocated for a %d-byte claim", claimed).isLessThan(64 * 1024);
        assertThat(d.largestBuffer()).as("only the hello's payload was ever buffered").isEqualTo(Hello.SIZE);
    }

    @Test
    void largeClaim_bufferGrowsWithBytesReceivedNotDeclaredLength() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        feed(d, RawFrames.frame(FrameType.EVENT, new byte[8], 0));
        long before = allocatedBytes();
        feed(d, RawFrames.header(100L << 20, FrameType.EVENT.code(), 0, 0, 0));
        feed(d, new byte[1000]);
        assertThat(d.largestBuffer()).isEqualTo(1000);
        feed(d, new byte[1000]);
        assertThat(d.largestBuffer()).isEqualTo(2000);
        assertThat(allocatedBytes() - before).isLessThan(64 * 1024);
        assertThat(d.inFrame()).isTrue();
        assertThatThrownBy(d::endOfStream).isInstanceOf(ProtocolViolation.class)
                .satisfies(e -> assertThat(((ProtocolViolation) e).reason()).isEqualTo(CloseReason.MALFORMED))
                .hasMessageContaining("stream ended inside a frame");
    }

    @Test
    void lendingDecoder_frameThatArrivedWhole_viewOfTheReceivedBytes_frameSpreadOverReceives_copy() throws Exception {
        FrameDecoder d = new FrameDecoder(EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT, true);
        byte[] event = new byte[64 * 1024];
        new Random(2).nextBytes(event);
        byte[] hello = RawFrames.hello(PeerRole.INVITEE);
        byte[] stream = RawFrames.stream().add(hello).add(RawFrames.frame(FrameType.EVENT, event, 0)).toArray();
        MemorySegment received = RawFrames.segment(stream);
        List<byte[]> seenDuringCall = new ArrayList<>();
        d.accept(received, stream.length, List.of(), f -> {
            frames.add(f);
            seenDuringCall.add(f.payload().toArray(ValueLayout.JAVA_BYTE));
            return true;
        });
        assertThat(frames).extracting(Frame::type).containsExactly(FrameType.HELLO, FrameType.EVENT);
        assertThat(seenDuringCall.get(1)).isEqualTo(event);
        assertThat(d.largestBuffer()).as("no payload buffer: nothing copied").isZero();
        // A view, not a copy: the caller's next receive into the same memory shows through (hence "during the call").
        received.set(ValueLayout.JAVA_BYTE, hello.length + FrameHeader.SIZE, (byte) ~event[0]);
        assertThat(frames.get(1).payload().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) ~event[0]);

        // The same frame in two parts is copied into a buffer of its own, which later receives leave alone.
        frames.clear();
        byte[] frame = RawFrames.frame(FrameType.EVENT, event, 0);
        feed(d, java.util.Arrays.copyOfRange(frame, 0, 1000));
        MemorySegment rest = RawFrames.segment(java.util.Arrays.copyOfRange(frame, 1000, frame.length));
        d.accept(rest, rest.byteSize(), List.of(), frames::add);
        rest.fill((byte) 0);
        assertThat(d.largestBuffer()).isEqualTo(event.length);
        assertThat(frames.get(0).payload().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(event);
    }

    @Test
    void lendingDecoder_wellFormedStreamSplitAtEveryPoint_sameFramesAsCopying() throws Exception {
        byte[] event = new byte[100];
        new Random(3).nextBytes(event);
        byte[] stream = RawFrames.stream().add(RawFrames.hello(PeerRole.INVITEE))
                .add(RawFrames.frame(FrameType.EVENT, event, 0))
                .add(RawFrames.frame(FrameType.GOODBYE, new byte[0], 0)).toArray();
        for (int split = 0; split <= stream.length; split++) {
            FrameDecoder d = new FrameDecoder(EnumSet.of(PeerRole.INVITEE), ChannelLimits.DEFAULT, true);
            List<String> types = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            FrameDecoder.Sink copying = f -> {
                types.add(f.type().name());
                payloads.add(f.payload().toArray(ValueLayout.JAVA_BYTE));
                return true;
            };
            d.accept(RawFrames.segment(java.util.Arrays.copyOfRange(stream, 0, split)), split, List.of(), copying);
            d.accept(RawFrames.segment(java.util.Arrays.copyOfRange(stream, split, stream.length)), stream.length - split,
                    List.of(), copying);
            assertThat(types).as("split at %d", split).containsExactly("HELLO", "EVENT", "GOODBYE");
            assertThat(java.util.Arrays.copyOf(payloads.get(1), 100)).as("split at %d", split).isEqualTo(event);
            assertThat(payloads.get(1)).hasSize(104);
            assertThat(payloads.get(2)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 8, 15, 17, 20, 1001})
    void lengthTooSmallOrNotMultipleOf8_malformed(long length) throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        assertThat(violation(d, RawFrames.header(length, FrameType.HELLO.code(), 0, 0, 0))).isEqualTo(CloseReason.MALFORMED);
    }

    @Test
    void flagsOrReservedNonZero_malformed() {
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.header(80, 1, 1, 0, 0))).isEqualTo(CloseReason.MALFORMED);
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.header(80, 1, 0, 0, 1L << 40)))
                .isEqualTo(CloseReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 13, 255, 65535})
    void unknownType_unknownType(int type) throws Exception {
        FrameDecoder d = decoder(PeerRole.BROKER_CLIENT);
        feed(d, RawFrames.hello(PeerRole.BROKER_CLIENT));
        assertThat(violation(d, RawFrames.header(16, type, 0, 0, 0))).isEqualTo(CloseReason.UNKNOWN_TYPE);
    }

    @Test
    void everyFrameType_fromEveryRoleNotAllowedToSendIt_wrongRole() throws Exception {
        int pairs = 0;
        for (FrameType type : FrameType.values()) {
            for (PeerRole role : PeerRole.values()) {
                if (type.legalSenders().contains(role)) {
                    continue;
                }
                FrameDecoder d = decoder(role);
                if (!type.isHandshake()) {
                    feed(d, RawFrames.handshakeFrom(role));
                }
                byte[] frame = RawFrames.frame(type, RawFrames.validPayload(type), 0);
                assertThat(violation(d, frame)).as("%s from %s", type, role).isEqualTo(CloseReason.WRONG_ROLE);
                pairs++;
            }
        }
        // 12 types x 7 roles, less the 35 legal pairs of the frame table (relay-dead-port: broker and its clients).
        assertThat(pairs).isEqualTo(49);
    }

    @Test
    void everyFrameType_fromEveryRoleAllowedToSendIt_delivered() throws Exception {
        for (FrameType type : FrameType.values()) {
            for (PeerRole role : type.legalSenders()) {
                frames.clear();
                FrameDecoder d = decoder(role);
                byte[] payload = type.isHandshake() ? RawFrames.handshakeFrom(role) : RawFrames.frame(type, RawFrames.validPayload(type), 0);
                if (!type.isHandshake()) {
                    feed(d, RawFrames.handshakeFrom(role));
                }
                feed(d, payload);
                assertThat(frames).as("%s from %s", type, role).last().extracting(Frame::type).isEqualTo(type);
            }
        }
    }

    @Test
    void helloAnnouncingRoleThePeerDoesNotHave_wrongRole() {
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.hello(PeerRole.LINK_CONNECTOR))).isEqualTo(CloseReason.WRONG_ROLE);
    }

    @Test
    void handshakeRules_badState() throws Exception {
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.frame(FrameType.EVENT, new byte[8], 0)))
                .as("event before hello").isEqualTo(CloseReason.BAD_STATE);
        FrameDecoder twice = decoder(PeerRole.INVITEE);
        feed(twice, RawFrames.hello(PeerRole.INVITEE));
        assertThat(violation(twice, RawFrames.hello(PeerRole.INVITEE))).as("second hello").isEqualTo(CloseReason.BAD_STATE);
        FrameDecoder ended = decoder(PeerRole.INVITEE);
        feed(ended, RawFrames.hello(PeerRole.INVITEE));
        feed(ended, RawFrames.frame(FrameType.GOODBYE, new byte[0], 0));
        assertThat(violation(ended, RawFrames.frame(FrameType.EVENT, new byte[8], 0))).as("after goodbye")
                .isEqualTo(CloseReason.BAD_STATE);
    }

    @Test
    void helloWithNoCommonVersion_deliveredWithVersionZero_laterFramesBadState() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        byte[] hello = RawFrames.frame(FrameType.HELLO,
                new Hello(2, 5, PeerRole.INVITEE, 0, new Id128(1, 1), Id128.NONE, Id128.NONE).encode()
                        .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 0);
        feed(d, hello);
        assertThat(frames).hasSize(1);
        assertThat(d.version()).isZero();
        assertThat(violation(d, RawFrames.frame(FrameType.EVENT, new byte[8], 0))).isEqualTo(CloseReason.BAD_STATE);
    }

    @Test
    void helloPayloadRules_malformed() throws Exception {
        byte[] payload = RawFrames.validPayload(FrameType.HELLO);
        payload[4] = 9; // role byte outside 1..5
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.frame(FrameType.HELLO, payload, 0))).isEqualTo(CloseReason.MALFORMED);
        payload = RawFrames.validPayload(FrameType.HELLO);
        payload[0] = 3; // min 3 > max 1
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.frame(FrameType.HELLO, payload, 0))).isEqualTo(CloseReason.MALFORMED);
        payload = RawFrames.validPayload(FrameType.HELLO);
        payload[6] = 1; // padding
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.frame(FrameType.HELLO, payload, 0))).isEqualTo(CloseReason.MALFORMED);
        assertThat(violation(decoder(PeerRole.INVITEE), RawFrames.frame(FrameType.HELLO, new byte[72], 0)))
                .as("hello of the wrong size").isEqualTo(CloseReason.MALFORMED);
        assertThat(violation(decoder(PeerRole.INVITER), RawFrames.helloAck(HelloAck.Status.OK, 7)))
                .as("hello-ack choosing a version we never offered").isEqualTo(CloseReason.MALFORMED);
    }

    @Test
    void fdCountAboveLimit_limit() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        assertThat(violation(d, RawFrames.header(24, FrameType.EVENT.code(), 0, 65, 0))).isEqualTo(CloseReason.LIMIT);
    }

    @Test
    void declaredFdsMissing_fdMismatch() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        List<Fd> one = eventFds(1);
        assertThat(violation(d, RawFrames.frame(FrameType.EVENT, new byte[8], 2), one)).isEqualTo(CloseReason.FD_MISMATCH);
        assertThat(one.getFirst().isOpen()).as("received fd closed on cut-off").isFalse();
    }

    @Test
    void fdsNoFrameDeclares_fdMismatch() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        List<Fd> fds = eventFds(1);
        assertThat(violation(d, RawFrames.frame(FrameType.EVENT, new byte[8], 0), fds)).isEqualTo(CloseReason.FD_MISMATCH);
        assertThat(fds.getFirst().isOpen()).isFalse();
    }

    @Test
    void fdsForTypeThatCarriesNone_fdMismatch() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        List<Fd> fds = eventFds(1);
        assertThat(violation(d, RawFrames.frame(FrameType.HELLO, RawFrames.validPayload(FrameType.HELLO), 1), fds))
                .isEqualTo(CloseReason.FD_MISMATCH);
        FrameDecoder broker = decoder(PeerRole.BROKER);
        feed(broker, RawFrames.hello(PeerRole.BROKER));
        assertThat(violation(broker, RawFrames.frame(FrameType.INTRODUCE, RawFrames.statusPayload(0), 0)))
                .as("introduce OK without its fd").isEqualTo(CloseReason.FD_MISMATCH);
    }

    @Test
    void moreFdsHeldThanLimit_limit() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        List<Fd> fds = eventFds(65);
        assertThat(violation(d, new byte[3], fds)).isEqualTo(CloseReason.LIMIT);
        assertThat(fds).allSatisfy(fd -> assertThat(fd.isOpen()).isFalse());
    }

    @Test
    void fdsSpanningReceives_takenByTheirFramesInOrder() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        feed(d, RawFrames.hello(PeerRole.INVITEE));
        byte[] a = RawFrames.frame(FrameType.EVENT, new byte[40], 2);
        byte[] b = RawFrames.frame(FrameType.EVENT, new byte[40], 1);
        List<Fd> fdsA = eventFds(2);
        List<Fd> fdsB = eventFds(1);
        // One receive brings the end of nothing and the start of a; the next the rest of a and the start of b.
        feed(d, java.util.Arrays.copyOfRange(a, 0, 5), fdsA);
        byte[] middle = new byte[a.length - 5 + 7];
        System.arraycopy(a, 5, middle, 0, a.length - 5);
        System.arraycopy(b, 0, middle, a.length - 5, 7);
        feed(d, middle, fdsB);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1).fds()).containsExactlyElementsOf(fdsA);
        feed(d, java.util.Arrays.copyOfRange(b, 7, b.length));
        assertThat(frames.get(2).fds()).containsExactlyElementsOf(fdsB);
        assertThat(d.heldFds()).isZero();
        frames.forEach(Frame::closeFds);
    }

    @Test
    void fixedSizeTypeWithOtherLength_malformed() throws Exception {
        FrameDecoder d = decoder(PeerRole.BROKER_CLIENT);
        feed(d, RawFrames.hello(PeerRole.BROKER_CLIENT));
        assertThat(violation(d, RawFrames.frame(FrameType.REQUEST_INTRODUCTION, new byte[24], 0))).isEqualTo(CloseReason.MALFORMED);
    }

    @Test
    void mergeNameRules() throws Exception {
        FrameDecoder tooLong = decoder(PeerRole.INVITEE);
        feed(tooLong, RawFrames.hello(PeerRole.INVITEE));
        byte[] claim = RawFrames.mergePayload("x");
        claim[16] = (byte) 0xFF;
        claim[17] = (byte) 0xFF; // a 65535-byte name in a 32-byte payload
        assertThat(violation(tooLong, RawFrames.frame(FrameType.REQUEST_PORT_MERGE, claim, 0))).isEqualTo(CloseReason.LIMIT);
        FrameDecoder badUtf8 = decoder(PeerRole.INVITEE);
        feed(badUtf8, RawFrames.hello(PeerRole.INVITEE));
        byte[] bad = RawFrames.mergePayload("ab");
        bad[24] = (byte) 0xC3;
        bad[25] = (byte) 0x28;
        assertThat(violation(badUtf8, RawFrames.frame(FrameType.REQUEST_PORT_MERGE, bad, 0))).isEqualTo(CloseReason.MALFORMED);
        FrameDecoder oversized = decoder(PeerRole.INVITEE);
        feed(oversized, RawFrames.hello(PeerRole.INVITEE));
        assertThat(violation(oversized, RawFrames.header(16 + 24 + 264, FrameType.REQUEST_PORT_MERGE.code(), 0, 0, 0)))
                .isEqualTo(CloseReason.MALFORMED);
    }

    @Test
    void statusFrames_unknownStatusMalformed_statusWithFdRules() throws Exception {
        FrameDecoder d = decoder(PeerRole.BROKER);
        feed(d, RawFrames.hello(PeerRole.BROKER));
        assertThat(violation(d, RawFrames.frame(FrameType.CLIENT_ADDED, RawFrames.statusPayload(1), 0)))
                .isEqualTo(CloseReason.MALFORMED);
        FrameDecoder ok = decoder(PeerRole.BROKER);
        feed(ok, RawFrames.hello(PeerRole.BROKER));
        List<Fd> fd = eventFds(1);
        feed(ok, RawFrames.frame(FrameType.CLIENT_ADDED, RawFrames.statusPayload(0), 1), fd);
        assertThat(frames.getLast().fds()).containsExactlyElementsOf(fd);
        frames.getLast().closeFds();
        // introduce: 1 unknown and 2 already introduced come without an fd; 3 is no introduce status.
        FrameDecoder introduce = decoder(PeerRole.BROKER);
        feed(introduce, RawFrames.hello(PeerRole.BROKER));
        feed(introduce, RawFrames.frame(FrameType.INTRODUCE, RawFrames.statusPayload(1), 0));
        feed(introduce, RawFrames.frame(FrameType.INTRODUCE, RawFrames.statusPayload(2), 0));
        assertThat(frames.getLast().type()).isEqualTo(FrameType.INTRODUCE);
        assertThat(violation(introduce, RawFrames.frame(FrameType.INTRODUCE, RawFrames.statusPayload(3), 0)))
                .isEqualTo(CloseReason.MALFORMED);
    }

    @Test
    void relayDeadPort_anotherEventTypeMalformed_aWrongSizeRefusedFromTheHeaderAlone() throws Exception {
        FrameDecoder client = decoder(PeerRole.BROKER_CLIENT);
        feed(client, RawFrames.hello(PeerRole.BROKER_CLIENT));
        byte[] userMessage = RawFrames.relayPayload();
        userMessage[FrameType.RELAY_NODE_SIZE] = 1; // a user message: only dead-port notices are relayed
        assertThat(violation(client, RawFrames.frame(FrameType.RELAY_DEAD_PORT, userMessage, 0))).isEqualTo(CloseReason.MALFORMED);
        // A size claim other than 96 is refused from the 16 header bytes, before any payload is taken.
        FrameDecoder wrong = decoder(PeerRole.BROKER_CLIENT);
        feed(wrong, RawFrames.hello(PeerRole.BROKER_CLIENT));
        assertThat(violation(wrong, RawFrames.header(16 + 104, FrameType.RELAY_DEAD_PORT.code(), 0, 0, 0)))
                .isEqualTo(CloseReason.MALFORMED);
        FrameDecoder huge = decoder(PeerRole.BROKER_CLIENT);
        feed(huge, RawFrames.hello(PeerRole.BROKER_CLIENT));
        assertThat(violation(huge, RawFrames.header(1 << 30, FrameType.RELAY_DEAD_PORT.code(), 0, 0, 0)))
                .isEqualTo(CloseReason.LIMIT);
        FrameDecoder withFd = decoder(PeerRole.BROKER);
        feed(withFd, RawFrames.hello(PeerRole.BROKER));
        assertThat(violation(withFd, RawFrames.header(16 + 96, FrameType.RELAY_DEAD_PORT.code(), 0, 1, 0)))
                .isEqualTo(CloseReason.FD_MISMATCH);
    }

    @Test
    void garbageAfterHello_onlyProtocolViolations_neverAllocatesBeyondBytesSeen() throws Exception {
        Random random = new Random(42);
        for (int run = 0; run < 2000; run++) {
            FrameDecoder d = decoder(PeerRole.BROKER_CLIENT);
            feed(d, RawFrames.hello(PeerRole.BROKER_CLIENT));
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            try {
                feed(d, garbage);
                d.endOfStream();
            } catch (ProtocolViolation expected) {
                assertThat(expected.reason().isViolation()).isTrue();
            }
            assertThat(d.largestBuffer()).isLessThanOrEqualTo(Math.max(Hello.SIZE, 2L * garbage.length));
        }
    }

    @Test
    void decoder_usedAfterViolation_illegalStateAndNewFdsClosed() throws Exception {
        FrameDecoder d = decoder(PeerRole.INVITEE);
        violation(d, RawFrames.header(7, 1, 0, 0, 0));
        List<Fd> fds = eventFds(1);
        assertThatThrownBy(() -> feed(d, new byte[1], fds)).isInstanceOf(IllegalStateException.class);
        assertThat(fds.getFirst().isOpen()).isFalse();
    }

    @Test
    void roles_emptySet_illegalArgument() {
        assertThatThrownBy(() -> new FrameDecoder(Set.of(), ChannelLimits.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }
}
