package org.jmojo.internal.ports.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jmojo.internal.ports.wire.WireSamples.SENDER;
import static org.jmojo.internal.ports.wire.WireSamples.TARGET;
import static org.jmojo.internal.ports.wire.WireSamples.hex;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each layout byte for byte against hex written by hand from DESIGN.md §3 (offsets in the comments), and the offset
 * constants of each layout class against its {@link StructLayout}.
 */
class EventLayoutTest {
    /** {@link WireSamples#TARGET}: low word 0x0a, then high word 0xa0. */
    private static final String T = "0a 00 00 00 00 00 00 00  a0 00 00 00 00 00 00 00";
    private static final String S = "0b 00 00 00 00 00 00 00  b0 00 00 00 00 00 00 00";
    private static final String ZERO8 = "00 00 00 00 00 00 00 00";

    private static String name(int low, int high) {
        return String.format("%02x 00 00 00 00 00 00 00  %02x 00 00 00 00 00 00 00", low, high);
    }

    private static String u64(int value) {
        return String.format("%02x 00 00 00 00 00 00 00", value);
    }

    private static void assertEncodes(PortsEvent event, String expectedHex) throws EventDecodeException {
        byte[] expected = hex(expectedHex);
        assertThat(hex(EventCodec.encode(event))).isEqualTo(hex(expected));
        assertThat(EventCodec.encodedSize(event)).isEqualTo(expected.length);
        assertThat(EventCodec.decode(java.lang.foreign.MemorySegment.ofArray(expected), WireSamples.fdCount(event)))
                .isEqualTo(event);
    }

    @Test
    void header_48Bytes_typeFlagsReservedTargetSenderControlSequence() throws Exception {
        assertEncodes(new ReadAckEvent(TARGET, SENDER, 8, 0x1234), """
                08 00                                            # 0: type 8 (read-ack), u16
                00 00                                            # 2: flags 0
                00 00 00 00                                      # 4: reserved 0
                0a 00 00 00 00 00 00 00  a0 00 00 00 00 00 00 00 # 8: target, low word then high word
                0b 00 00 00 00 00 00 00  b0 00 00 00 00 00 00 00 # 24: sending port
                08 00 00 00 00 00 00 00                          # 40: control sequence 8
                34 12 00 00 00 00 00 00                          # 48: body: highest sequence read 0x1234
                """.replaceAll("#[^\n]*", ""));
    }

    @Test
    void portAccepted_emptyBody_unsequenced() throws Exception {
        assertEncodes(new PortAcceptedEvent(TARGET, SENDER), "02 00 00 00 00 00 00 00" + T + S + ZERO8);
    }

    @Test
    void observeProxy_64ByteBody_proxyThenItsTarget() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.OBSERVE_PROXY), "03 00 00 00 00 00 00 00" + T + S + u64(2)
                + name(0x11, 0x12) // 48: proxy node
                + name(0x13, 0x14) // 64: proxy port
                + name(0x15, 0x16) // 80: proxy target node
                + name(0x17, 0x18)); // 96: proxy target port
    }

    @Test
    void observeProxyAck_retryIsAllOnes() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.OBSERVE_PROXY_ACK),
                "04 00 00 00 00 00 00 00" + T + S + u64(3) + "ff ff ff ff ff ff ff ff");
    }

    @Test
    void observeClosure_lastSentReasonReserved() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.OBSERVE_CLOSURE), "05 00 00 00 00 00 00 00" + T + S + u64(9)
                + u64(42) // 48: last sequence sent
                + "01 00 00 00" // 56: reason 1, receive quota exceeded
                + "00 00 00 00"); // 60: reserved
    }

    @Test
    void mergePort_bodyIsOne120ByteDescriptor() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.MERGE_PORT), "06 00 00 00 00 00 00 00" + T + S + ZERO8
                + name(0x01, 0x10) // descriptor 0: new port
                + name(0x02, 0x20) // 16: peer node
                + name(0x03, 0x30) // 32: peer port
                + name(0x04, 0x40) // 48: referring node
                + name(0x05, 0x50) // 64: referring port
                + u64(7) // 80: next sequence to send
                + u64(3) // 88: next sequence to read
                + u64(9) // 96: last sequence to receive
                + u64(5) // 104: read-ack requested up to
                + "03 00 00 00" // 112: flags, peer closed | peer lost
                + "02 00 00 00"); // 116: closure reason 2, peer lost
    }

    @Test
    void readAckRequest_sequenceToAcknowledge() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.READ_ACK_REQUEST), "07 00 00 00 00 00 00 00" + T + S + u64(1) + u64(100));
    }

    @Test
    void updatePreviousPeer_newNodeThenNewPort() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.UPDATE_PREVIOUS_PEER),
                "09 00 00 00 00 00 00 00" + T + S + u64(7) + name(0x21, 0x22) + name(0x23, 0x24));
    }

    @Test
    void deadPort_unsequenced_deadNodeThenDeadPort() throws Exception {
        assertEncodes(WireSamples.oneOfEach().get(EventType.DEAD_PORT),
                "0a 00 00 00 00 00 00 00" + T + S + u64(0) + name(0x31, 0x32) + name(0x33, 0x34));
    }

    @Test
    void userMessage_fixedPartThenDescriptorsEntriesExtraPayload_eachPaddedTo8() throws Exception {
        String open = "01 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00" // 80: next to send 1, 88: next to read 1
                + ZERO8 + ZERO8 // 96: last to receive unknown, 104: no read-ack request
                + "00 00 00 00  00 00 00 00"; // 112: no flags, reason 0
        String descriptorTail = name(0x62, 0x63) + name(0x64, 0x65) + name(0x66, 0x67) + name(0x68, 0x69) + open;
        assertEncodes(WireSamples.userMessage(), "01 00 00 00 00 00 00 00" + T + S + u64(4)
                + u64(6) // 48: user sequence 6
                + "02 00 00 00" // 56: port count
                + "03 00 00 00" // 60: handle count
                + "03 00 00 00" // 64: payload length
                + "05 00 00 00" // 68: extra length
                + name(0x71, 0x61) + descriptorTail // 72: descriptor 0
                + name(0x72, 0x61) + descriptorTail // 192: descriptor 1
                + "01 00 00 00 01 00 00 00  00 00 00 00 00 00 00 00" // 312: message pipe: 0 fds, 1 port, 0 extra
                + "03 00 02 00 01 00 00 00  05 00 00 00 00 00 00 00" // 328: data pipe producer: 2 fds, 1 port, 5 extra
                + "05 00 01 00 00 00 00 00  00 00 00 00 00 00 00 00" // 344: platform handle: 1 fd
                + "01 02 03 04 05 00 00 00" // 360: extra bytes, padded to 8
                + "61 62 63 00 00 00 00 00"); // 368: payload "abc", padded to 8; 376 in all
    }

    @Test
    void handleEntry_16Bytes() {
        byte[] bytes = new byte[16];
        HandleEntryLayout.write(java.lang.foreign.MemorySegment.ofArray(bytes), 0,
                new HandleEntry(HandleKind.SHARED_BUFFER, 0x0102, 0x0304, 0x05060708L));
        assertThat(hex(bytes)).isEqualTo(hex(hex("02 00  02 01  04 03  00 00  08 07 06 05  00 00 00 00")));
    }

    @Test
    void layoutConstants_matchTheirStructLayouts() {
        Map<StructLayout, Map<String, Long>> layouts = Map.of(
                EventHeaderLayout.LAYOUT, Map.of("type", EventHeaderLayout.TYPE, "flags", EventHeaderLayout.FLAGS,
                        "reserved", EventHeaderLayout.RESERVED, "target", EventHeaderLayout.TARGET, "sender",
                        EventHeaderLayout.SENDER, "control_sequence", EventHeaderLayout.CONTROL_SEQUENCE),
                UserMessageLayout.LAYOUT, Map.of("sequence", UserMessageLayout.SEQUENCE, "port_count",
                        UserMessageLayout.PORT_COUNT, "handle_count", UserMessageLayout.HANDLE_COUNT, "payload_length",
                        UserMessageLayout.PAYLOAD_LENGTH, "extra_length", UserMessageLayout.EXTRA_LENGTH),
                PortDescriptorLayout.LAYOUT, Map.ofEntries(Map.entry("new_port", PortDescriptorLayout.NEW_PORT),
                        Map.entry("peer_node", PortDescriptorLayout.PEER_NODE), Map.entry("peer_port", PortDescriptorLayout.PEER_PORT),
                        Map.entry("referring_node", PortDescriptorLayout.REFERRING_NODE),
                        Map.entry("referring_port", PortDescriptorLayout.REFERRING_PORT),
                        Map.entry("next_sequence_to_send", PortDescriptorLayout.NEXT_SEQUENCE_TO_SEND),
                        Map.entry("next_sequence_to_read", PortDescriptorLayout.NEXT_SEQUENCE_TO_READ),
                        Map.entry("last_sequence_to_receive", PortDescriptorLayout.LAST_SEQUENCE_TO_RECEIVE),
                        Map.entry("read_ack_requested_up_to", PortDescriptorLayout.READ_ACK_REQUESTED_UP_TO),
                        Map.entry("flags", PortDescriptorLayout.FLAGS), Map.entry("closure_reason", PortDescriptorLayout.CLOSURE_REASON)),
                HandleEntryLayout.LAYOUT, Map.of("kind", HandleEntryLayout.KIND, "fds", HandleEntryLayout.FD_COUNT, "ports",
                        HandleEntryLayout.PORT_COUNT, "reserved16", HandleEntryLayout.RESERVED16, "extra_bytes",
                        HandleEntryLayout.EXTRA_BYTES, "reserved32", HandleEntryLayout.RESERVED32),
                ObserveProxyLayout.LAYOUT, Map.of("proxy_node", ObserveProxyLayout.PROXY_NODE, "proxy_port",
                        ObserveProxyLayout.PROXY_PORT, "proxy_target_node", ObserveProxyLayout.PROXY_TARGET_NODE,
                        "proxy_target_port", ObserveProxyLayout.PROXY_TARGET_PORT),
                SequenceBodyLayout.LAYOUT, Map.of("sequence", SequenceBodyLayout.SEQUENCE),
                ObserveClosureLayout.LAYOUT, Map.of("last_sequence_sent", ObserveClosureLayout.LAST_SEQUENCE_SENT, "reason",
                        ObserveClosureLayout.REASON, "reserved", ObserveClosureLayout.RESERVED),
                UpdatePreviousPeerLayout.LAYOUT, Map.of("new_node", UpdatePreviousPeerLayout.NEW_NODE, "new_port",
                        UpdatePreviousPeerLayout.NEW_PORT));
        layouts.forEach((layout, offsets) -> {
            assertThat(layout.memberLayouts()).hasSize(offsets.size());
            offsets.forEach((field, offset) -> assertThat(layout.byteOffset(PathElement.groupElement(field)))
                    .as(field).isEqualTo(offset));
        });
        Map<StructLayout, Long> sizes = Map.of(EventHeaderLayout.LAYOUT, (long) EventHeaderLayout.SIZE,
                UserMessageLayout.LAYOUT, (long) UserMessageLayout.FIXED_SIZE, PortDescriptorLayout.LAYOUT,
                (long) PortDescriptorLayout.SIZE, HandleEntryLayout.LAYOUT, (long) HandleEntryLayout.SIZE,
                ObserveProxyLayout.LAYOUT, (long) ObserveProxyLayout.SIZE, SequenceBodyLayout.LAYOUT,
                (long) SequenceBodyLayout.SIZE, ObserveClosureLayout.LAYOUT, (long) ObserveClosureLayout.SIZE,
                UpdatePreviousPeerLayout.LAYOUT, (long) UpdatePreviousPeerLayout.SIZE);
        sizes.forEach((layout, size) -> assertThat(layout.byteSize()).isEqualTo(size));
        assertThat(List.of(EventType.values())).allSatisfy(t -> assertThat(t.bodySize() % 8).isZero());
    }
}
