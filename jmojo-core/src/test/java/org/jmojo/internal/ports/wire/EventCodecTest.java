package org.jmojo.internal.ports.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jmojo.internal.ports.wire.WireSamples.SENDER;
import static org.jmojo.internal.ports.wire.WireSamples.TARGET;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jmojo.internal.channel.CloseReason;
import org.jmojo.internal.ports.NodeName;
import org.jmojo.internal.ports.PortName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round trips of every event type, one rejection per {@link Rejection}, and the values' own invariants. */
class EventCodecTest {
    /** Where the sample user message's handle entries start (48 header + 24 fixed + 2 descriptors). */
    private static final int ENTRIES = 48 + 24 + 2 * 120;

    private static PortsEvent decode(byte[] bytes, int fdCount) throws EventDecodeException {
        return EventCodec.decode(MemorySegment.ofArray(bytes), fdCount);
    }

    private static byte[] encoded(EventType type) {
        return EventCodec.encode(WireSamples.oneOfEach().get(type));
    }

    private static void putU64(byte[] bytes, int at, long value) {
        MemorySegment.ofArray(bytes).set(WireFields.U64, at, value);
    }

    private static void putU32(byte[] bytes, int at, long value) {
        MemorySegment.ofArray(bytes).set(WireFields.U32, at, (int) value);
    }

    private static Rejection rejection(byte[] bytes, int fdCount) {
        EventDecodeException e = catchThrowableOfType(EventDecodeException.class, () -> decode(bytes, fdCount));
        assertThat(e).as("expected a rejection of " + WireSamples.hex(bytes)).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e.reason();
    }

    @Test
    void everyType_roundTripsThroughBytesAndSegments() throws Exception {
        for (Map.Entry<EventType, PortsEvent> e : WireSamples.oneOfEach().entrySet()) {
            PortsEvent event = e.getValue();
            byte[] bytes = EventCodec.encode(event);
            assertThat(bytes.length).as(e.getKey().toString()).isEqualTo(EventCodec.encodedSize(event));
            PortsEvent decoded = decode(bytes, WireSamples.fdCount(event));
            assertThat(decoded).isEqualTo(event).hasSameHashCodeAs(event);
            assertThat(decoded.type()).isEqualTo(e.getKey());
            assertThat(EventCodec.encode(decoded)).isEqualTo(bytes);

            // Into native memory full of garbage: every byte is written.
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment dirty = arena.allocate(bytes.length).fill((byte) 0x5A);
                EventCodec.encode(event, dirty);
                assertThat(dirty.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(bytes);
            }
        }
    }

    @Test
    void userMessage_decodedPayloadAndExtraViewTheInputReadOnly() throws Exception {
        byte[] bytes = EventCodec.encode(WireSamples.userMessage());
        UserMessageEvent m = (UserMessageEvent) decode(bytes, 3);
        assertThat(m.payload().toArray(ValueLayout.JAVA_BYTE)).containsExactly('a', 'b', 'c');
        assertThat(m.extra().toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3, 4, 5);
        assertThat(m.payload().isReadOnly()).isTrue();
        bytes[bytes.length - 8] = 'x'; // a view of the input, not a copy
        assertThat(m.payload().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 'x');
        assertThat(m.fdCount()).isEqualTo(3);
    }

    @Test
    void userMessage_noHandlesEmptyPayload_onlyHeaderAndFixedPart() throws Exception {
        UserMessageEvent m = UserMessageEvent.of(TARGET, SENDER, 1, 1, MemorySegment.ofArray(new byte[0]));
        assertThat(EventCodec.encodedSize(m)).isEqualTo(72);
        assertThat(decode(EventCodec.encode(m), 0)).isEqualTo(m);
    }

    @Test
    void encode_destinationOfAnotherSize_refused() {
        PortsEvent e = new PortAcceptedEvent(TARGET, SENDER);
        assertThatThrownBy(() -> EventCodec.encode(e, MemorySegment.ofArray(new byte[56])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48");
    }

    @Test
    void readdressed_keepsTheBodyChangesTheLink() {
        PortName t = WireSamples.port(0x31, 0x32);
        PortName s = WireSamples.port(0x33, 0x34);
        for (PortsEvent e : WireSamples.oneOfEach().values()) {
            long cs = e.type().isSequenced() ? 77 : 0;
            PortsEvent moved = e.readdressed(t, s, cs);
            assertThat(moved.target()).isEqualTo(t);
            assertThat(moved.sender()).isEqualTo(s);
            assertThat(moved.controlSequence()).isEqualTo(cs);
            assertThat(moved.readdressed(e.target(), e.sender(), e.controlSequence())).isEqualTo(e);
            assertThatThrownBy(() -> e.readdressed(t, s, e.type().isSequenced() ? 0 : 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control sequence");
        }
    }

    @Test
    void everyStrictPrefix_ofEveryType_isATypedRejection() {
        for (PortsEvent e : WireSamples.oneOfEach().values()) {
            byte[] bytes = EventCodec.encode(e);
            for (int n = 0; n < bytes.length; n++) {
                assertThat(rejection(Arrays.copyOf(bytes, n), WireSamples.fdCount(e)))
                        .isIn(Rejection.TOO_SHORT, Rejection.WRONG_SIZE, Rejection.DECLARED_BEYOND_END);
            }
        }
    }

    /** Bytes a peer sent and the fds its frame carried. */
    private record Input(byte[] bytes, int fds) {}

    /**
     * One malformed input per rejection (some reasons have a second or third way to break the rule, checked inside
     * the case); the switch expression is exhaustive, so a new reason does not compile until it has a case.
     */
    @ParameterizedTest
    @EnumSource(Rejection.class)
    void decode_brokenRule_rejectedWithItsReason(Rejection reason) {
        byte[] readAck = encoded(EventType.READ_ACK);
        byte[] message = encoded(EventType.USER_MESSAGE);
        Input bad = switch (reason) {
            case TOO_SHORT -> new Input(Arrays.copyOf(readAck, 47), 0);
            case UNKNOWN_TYPE -> {
                assertThat(rejection(withType(readAck, 0), 0)).isEqualTo(reason);
                yield new Input(withType(readAck, 11), 0);
            }
            case NONZERO_FLAGS -> {
                byte[] merge = encoded(EventType.MERGE_PORT);
                putU32(merge, 48 + 112, 0b111); // a descriptor flag bit version 1 does not define
                assertThat(rejection(merge, 0)).isEqualTo(reason);
                readAck[2] = 1; // the header's flags
                yield new Input(readAck, 0);
            }
            case NONZERO_RESERVED -> {
                byte[] closure = encoded(EventType.OBSERVE_CLOSURE);
                closure[48 + 12] = 1;
                assertThat(rejection(closure, 0)).isEqualTo(reason);
                message[ENTRIES + 6] = 1; // the u16 0 of handle entry 0
                assertThat(rejection(message, 3)).isEqualTo(reason);
                readAck[7] = 1; // the header's reserved u32
                yield new Input(readAck, 0);
            }
            case NONZERO_PADDING -> {
                byte[] extra = message.clone();
                extra[ENTRIES + 48 + 5] = 1; // after the 5 extra bytes
                assertThat(rejection(extra, 3)).isEqualTo(reason);
                message[message.length - 1] = 1; // after the 3 payload bytes
                yield new Input(message, 3);
            }
            case WRONG_SIZE -> {
                assertThat(rejection(Arrays.copyOf(message, 48 + 16), 3)).isEqualTo(reason); // shorter than 24 fixed bytes
                yield new Input(Arrays.copyOf(readAck, readAck.length + 8), 0);
            }
            case DECLARED_BEYOND_END -> {
                byte[] bytes = Arrays.copyOf(message, 72);
                Arrays.fill(bytes, 56, 72, (byte) 0);
                putU32(bytes, 64, 0xFFFF_FFFFL); // a 4 GiB payload in a 72-byte event
                yield new Input(bytes, 0);
            }
            case TRAILING_BYTES -> new Input(Arrays.copyOf(message, message.length + 8), 3);
            case TOO_MANY_HANDLES -> {
                putU32(message, 60, UserMessageEvent.MAX_HANDLES + 1);
                yield new Input(message, 3);
            }
            case HANDLE_PORTS_MISMATCH -> {
                message[ENTRIES + 4] = 0; // the message pipe entry claims no port: 1 consumed, 2 declared
                yield new Input(message, 3);
            }
            case HANDLE_FDS_MISMATCH -> new Input(message, 2); // the entries consume 3
            case HANDLE_EXTRA_MISMATCH -> {
                message[ENTRIES + 16 + 8] = 4; // the data pipe entry claims 4 of the 5 extra bytes
                yield new Input(message, 3);
            }
            case UNEXPECTED_FDS -> new Input(readAck, 1);
            case UNKNOWN_HANDLE_KIND -> {
                message[ENTRIES] = 6;
                yield new Input(message, 3);
            }
            case UNKNOWN_CLOSURE_REASON -> {
                byte[] merge = encoded(EventType.MERGE_PORT);
                putU32(merge, 48 + 116, 9); // the descriptor's reason
                assertThat(rejection(merge, 0)).isEqualTo(reason);
                byte[] closure = encoded(EventType.OBSERVE_CLOSURE);
                closure[48 + 8] = 4;
                yield new Input(closure, 0);
            }
            case ZERO_NAME -> {
                byte[] merge = encoded(EventType.MERGE_PORT);
                Arrays.fill(merge, 48 + 48, 48 + 64, (byte) 0); // the descriptor's referring node
                assertThat(rejection(merge, 0)).isEqualTo(reason);
                Arrays.fill(readAck, 8, 24, (byte) 0); // the target
                yield new Input(readAck, 0);
            }
            case ZERO_NEW_PORT -> {
                byte[] merge = encoded(EventType.MERGE_PORT);
                Arrays.fill(merge, 48, 48 + 16, (byte) 0); // the descriptor's new port
                yield new Input(merge, 0);
            }
            case CONTROL_SEQUENCE -> {
                byte[] accepted = encoded(EventType.PORT_ACCEPTED);
                putU64(accepted, 40, 1); // an unsequenced event with a number
                assertThat(rejection(accepted, 0)).isEqualTo(reason);
                byte[] retry = encoded(EventType.READ_ACK);
                putU64(retry, 40, SequenceNumbers.RETRY);
                assertThat(rejection(retry, 0)).isEqualTo(reason);
                putU64(readAck, 40, 0); // a sequenced event without one
                yield new Input(readAck, 0);
            }
            case BAD_SEQUENCE -> {
                byte[] request = encoded(EventType.READ_ACK_REQUEST);
                putU64(request, 48, SequenceNumbers.RETRY);
                assertThat(rejection(request, 0)).isEqualTo(reason);
                putU64(message, 48, 0); // user sequences start at 1
                yield new Input(message, 3);
            }
            case INCONSISTENT_DESCRIPTOR -> {
                byte[] merge = encoded(EventType.MERGE_PORT);
                putU32(merge, 48 + 112, 0); // no flag, but reason 2
                yield new Input(merge, 0);
            }
        };
        assertThat(rejection(bad.bytes(), bad.fds())).isEqualTo(reason);
    }

    private static byte[] withType(byte[] bytes, int type) {
        byte[] copy = bytes.clone();
        copy[0] = (byte) type;
        copy[1] = 0;
        return copy;
    }

    /**
     * The node layer cuts the sender off with the channel's CloseReason of the same name as the rejection's category
     * (this package cannot name the channel's enum: it sits below it).
     */
    @Test
    void rejectionCategories_areTheChannelsViolationReasonsByName() {
        for (Rejection r : Rejection.values()) {
            CloseReason cutOff = CloseReason.valueOf(r.category().name());
            assertThat(cutOff.isViolation()).as(r.toString()).isTrue();
        }
        assertThat(Rejection.UNKNOWN_TYPE.category()).isEqualTo(Rejection.Category.UNKNOWN_TYPE);
        assertThat(Rejection.TOO_MANY_HANDLES.category()).isEqualTo(Rejection.Category.LIMIT);
        assertThat(Rejection.HANDLE_FDS_MISMATCH.category()).isEqualTo(Rejection.Category.FD_MISMATCH);
        assertThat(Rejection.UNEXPECTED_FDS.category()).isEqualTo(Rejection.Category.FD_MISMATCH);
        assertThat(Rejection.NONZERO_PADDING.category()).isEqualTo(Rejection.Category.MALFORMED);
        assertThat(Rejection.ZERO_NEW_PORT.category()).isEqualTo(Rejection.Category.NAME_REUSE);
        for (Rejection.Category c : Rejection.Category.values()) {
            assertThat(CloseReason.valueOf(c.name()).isViolation()).as(c.toString()).isTrue();
        }
    }

    @Test
    void hugeDeclaredCounts_refusedBeforeAnythingSizedByThemIsAllocated() {
        byte[] bytes = new byte[72];
        MemorySegment s = MemorySegment.ofArray(bytes);
        s.set(WireFields.U16, 0, (short) 1);
        WireFields.putPort(s, 8, TARGET);
        WireFields.putPort(s, 24, SENDER);
        WireFields.putU64(s, 40, 1);
        WireFields.putU64(s, 48, 1);
        putU32(bytes, 56, 0xFFFF_FFFFL); // ports
        putU32(bytes, 60, UserMessageEvent.MAX_HANDLES); // handles
        putU32(bytes, 64, 0xFFFF_FFFFL); // payload
        putU32(bytes, 68, 0xFFFF_FFFFL); // extra
        for (int i = 0; i < 2000; i++) {
            rejection(bytes, 0); // warm up: the first calls allocate while classes load and code compiles
        }
        MemorySegment input = MemorySegment.ofArray(bytes);
        int refused = 0;
        long before = allocatedBytes();
        for (int i = 0; i < 100; i++) {
            try {
                EventCodec.decode(input, 0);
            } catch (EventDecodeException e) {
                refused += e.reason() == Rejection.DECLARED_BEYOND_END ? 1 : 0;
            }
        }
        // Each refusal allocates its message, exception and views (about 500 bytes), far less than one 4096-slot array (16 KiB).
        long perRefusal = (allocatedBytes() - before) / 100;
        assertThat(refused).isEqualTo(100);
        assertThat(perRefusal).isLessThan(4096L);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void decode_negativeFdCount_isTheCallersBug() {
        assertThatThrownBy(() -> decode(encoded(EventType.READ_ACK), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void values_checkTheirInvariants() {
        PortName none = PortName.NONE;
        assertThatThrownBy(() -> new PortAcceptedEvent(none, SENDER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target").hasMessageContaining("zero name");
        assertThatThrownBy(() -> new ReadAckEvent(TARGET, SENDER, 0, 1)).hasMessageContaining("control sequence 0");
        assertThatThrownBy(() -> new ReadAckEvent(TARGET, SENDER, 1, SequenceNumbers.RETRY)).hasMessageContaining("retry");
        assertThatThrownBy(() -> new ReadAckRequestEvent(TARGET, SENDER, 1, 0)).hasMessageContaining("sequenceToAcknowledge 0");
        assertThatThrownBy(() -> new ObserveClosureEvent(TARGET, SENDER, 1, SequenceNumbers.RETRY, ClosureReason.USER_CLOSED))
                .hasMessageContaining("lastSequenceSent");
        assertThatThrownBy(() -> new UpdatePreviousPeerEvent(TARGET, SENDER, 1, NodeName.NONE, SENDER))
                .hasMessageContaining("newNode");
        assertThatThrownBy(() -> new PortDescriptor(TARGET, WireSamples.node(1, 1), SENDER, WireSamples.node(2, 2), SENDER,
                0, 1, 0, 0, false, false, ClosureReason.USER_CLOSED)).hasMessageContaining("nextSequenceToSend 0");
        assertThatThrownBy(() -> new PortDescriptor(TARGET, WireSamples.node(1, 1), SENDER, WireSamples.node(2, 2), SENDER,
                1, 1, 0, 0, false, false, ClosureReason.MERGE_FAILED)).hasMessageContaining("neither peer-closed nor peer-lost");
        assertThatThrownBy(() -> new HandleEntry(HandleKind.PLATFORM_HANDLE, 0x10000, 0, 0)).hasMessageContaining("fdCount 65536");
        assertThatThrownBy(() -> new HandleEntry(HandleKind.PLATFORM_HANDLE, 0, 0, 1L << 32)).hasMessageContaining("extraBytes");
        MemorySegment empty = MemorySegment.ofArray(new byte[0]);
        assertThatThrownBy(() -> new UserMessageEvent(TARGET, SENDER, 1, 1, List.of(), List.of(HandleEntry.messagePipe()),
                empty, empty)).hasMessageContaining("consume 1 port descriptors but it carries 0");
        assertThatThrownBy(() -> new UserMessageEvent(TARGET, SENDER, 1, 1, List.of(),
                List.of(new HandleEntry(HandleKind.SHARED_BUFFER, 1, 0, 0)), MemorySegment.ofArray(new byte[3]), empty))
                .hasMessageContaining("consume 0 extra bytes but it carries 3");
        assertThatThrownBy(() -> new UserMessageEvent(TARGET, SENDER, 1, 1, List.of(),
                java.util.Collections.nCopies(UserMessageEvent.MAX_HANDLES + 1, new HandleEntry(HandleKind.PLATFORM_HANDLE, 1, 0, 0)),
                empty, empty)).hasMessageContaining("4097 handles");
    }

    @Test
    void specialValues_haveTheirWireNumbers() {
        assertThat(SequenceNumbers.RETRY).isEqualTo(0xFFFF_FFFF_FFFF_FFFFL);
        assertThat(SequenceNumbers.isNumber(SequenceNumbers.NONE)).isFalse();
        assertThat(SequenceNumbers.isNumber(SequenceNumbers.FIRST)).isTrue();
        assertThat(ClosureReason.values()).extracting(ClosureReason::code).containsExactly(0, 1, 2, 3);
        assertThat(ClosureReason.ofCode(4)).isNull();
        assertThat(HandleKind.values()).extracting(HandleKind::code).containsExactly(1, 2, 3, 4, 5);
        assertThat(HandleKind.ofCode(0)).isNull();
        assertThat(EventType.values()).extracting(EventType::code).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(EventType.values()).filteredOn(t -> !t.isSequenced())
                .containsExactly(EventType.PORT_ACCEPTED, EventType.MERGE_PORT, EventType.DEAD_PORT);
        assertThat(new ObserveProxyAckEvent(TARGET, SENDER, 1, SequenceNumbers.RETRY).isRetry()).isTrue();
        assertThat(WireSamples.descriptor().flags()).isEqualTo(PortDescriptor.FLAG_PEER_CLOSED | PortDescriptor.FLAG_PEER_LOST);
    }
}
