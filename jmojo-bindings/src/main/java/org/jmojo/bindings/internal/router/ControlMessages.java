package org.jmojo.bindings.internal.router;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.Decoder;
import org.jmojo.bindings.runtime.FieldSchema;
import org.jmojo.bindings.runtime.MessageBuilder;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.MojomKind;
import org.jmojo.bindings.runtime.MojomKind.PrimitiveType;
import org.jmojo.bindings.runtime.StructSchema;
import org.jmojo.bindings.runtime.UnionSchema;
import org.jmojo.bindings.runtime.Validator;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.system.Message;

/**
 * The interface- and pipe-control messages (docs/wire-format.md §14) as runtime schemas, written
 * and read with the schema-driven {@link ValueCodec} and checked by the same {@link Validator} as
 * every other message. The layouts are Chromium's ({@code interface_control_messages.mojom},
 * {@code pipe_control_messages.mojom}); the conformance tests compare the bytes with the golden
 * cases 017-020 of {@code golden-extra}.
 *
 * <p>One addition is jmojo's own: {@link #CANCEL_REQUEST_TAG}, a member of
 * {@code RunOrClosePipeInput} that tells a receiver a request's deadline passed
 * (docs/wire-format.md §14.1).
 *
 * <p>Stateless and thread-safe.
 */
public final class ControlMessages {

    /**
     * The {@code RunOrClosePipeInput} tag of jmojo's {@code CancelRequest { uint64 request_id; }}: 106,
     * ASCII {@code 'j'}, far above Chromium's tags (0 to 3) and small, since a union's validation
     * table is indexed by tag.
     */
    public static final int CANCEL_REQUEST_TAG = 'j';

    static final StructSchema QUERY_VERSION = empty("mojo.interface_control.QueryVersion");
    static final StructSchema QUERY_VERSION_RESULT = struct("mojo.interface_control.QueryVersionResult", 16,
            field("version", 0, prim(PrimitiveType.UINT32), 8));
    static final StructSchema FLUSH_FOR_TESTING = empty("mojo.interface_control.FlushForTesting");
    static final UnionSchema RUN_INPUT = new UnionSchema("mojo.interface_control.RunInput", List.of(
            member("query_version", 0, QUERY_VERSION), member("flush_for_testing", 1, FLUSH_FOR_TESTING)), false, -1);
    static final UnionSchema RUN_OUTPUT = new UnionSchema("mojo.interface_control.RunOutput", List.of(
            member("query_version_result", 0, QUERY_VERSION_RESULT)), false, -1);
    static final StructSchema RUN_PARAMS = struct("mojo.interface_control.RunMessageParams", 24,
            field("input", 0, union(RUN_INPUT, false), 8));
    static final StructSchema RUN_RESPONSE_PARAMS = struct("mojo.interface_control.RunResponseMessageParams", 24,
            field("output", 0, union(RUN_OUTPUT, true), 8));

    static final StructSchema REQUIRE_VERSION = struct("mojo.interface_control.RequireVersion", 16,
            field("version", 0, prim(PrimitiveType.UINT32), 8));
    static final StructSchema ENABLE_IDLE_TRACKING = struct("mojo.interface_control.EnableIdleTracking", 16,
            field("timeout_in_microseconds", 0, prim(PrimitiveType.INT64), 8));
    static final StructSchema CANCEL_REQUEST = struct("jmojo.interface_control.CancelRequest", 16,
            field("request_id", 0, prim(PrimitiveType.UINT64), 8));
    static final UnionSchema RUN_OR_CLOSE_PIPE_INPUT = new UnionSchema("mojo.interface_control.RunOrClosePipeInput",
            List.of(member("require_version", 0, REQUIRE_VERSION),
                    member("enable_idle_tracking", 1, ENABLE_IDLE_TRACKING),
                    member("message_ack", 2, empty("mojo.interface_control.MessageAck")),
                    member("notify_idle", 3, empty("mojo.interface_control.NotifyIdle")),
                    member("cancel_request", CANCEL_REQUEST_TAG, CANCEL_REQUEST)), false, -1);
    static final StructSchema RUN_OR_CLOSE_PIPE_PARAMS = struct(
            "mojo.interface_control.RunOrClosePipeMessageParams", 24,
            field("input", 0, union(RUN_OR_CLOSE_PIPE_INPUT, false), 8));

    static final StructSchema DISCONNECT_REASON = struct("mojo.pipe_control.DisconnectReason", 24,
            field("custom_reason", 0, prim(PrimitiveType.UINT32), 8), field("description", 1, new MojomKind.Str(false), 16));
    static final StructSchema PEER_ENDPOINT_CLOSED = struct("mojo.pipe_control.PeerAssociatedEndpointClosedEvent", 24,
            field("id", 0, prim(PrimitiveType.UINT32), 8),
            field("disconnect_reason", 1, new MojomKind.Struct(DISCONNECT_REASON.name(), () -> DISCONNECT_REASON, true), 16));
    static final StructSchema PAUSE_UNTIL_FLUSH = struct("mojo.pipe_control.PauseUntilFlushCompletes", 16,
            field("flush_pipe", 0, new MojomKind.Handle(MojomKind.HandleType.MESSAGE_PIPE, false), 8));
    static final StructSchema FLUSH_ASYNC = struct("mojo.pipe_control.FlushAsync", 16,
            field("flusher_pipe", 0, new MojomKind.Handle(MojomKind.HandleType.MESSAGE_PIPE, false), 8));
    static final UnionSchema PIPE_CONTROL_INPUT = new UnionSchema("mojo.pipe_control.RunOrClosePipeInput", List.of(
            member("peer_associated_endpoint_closed_event", 0, PEER_ENDPOINT_CLOSED),
            member("pause_until_flush_completes", 1, PAUSE_UNTIL_FLUSH),
            member("flush_async", 2, FLUSH_ASYNC)), false, -1);
    static final StructSchema PIPE_CONTROL_PARAMS = struct("mojo.pipe_control.RunOrClosePipeMessageParams", 24,
            field("input", 0, union(PIPE_CONTROL_INPUT, false), 8));

    private ControlMessages() {}

    /** {@code Run(QueryVersion)}, the request of a version query. */
    public static Message queryVersion(long requestId) {
        return queryVersion(0, requestId);
    }

    /** {@code Run(QueryVersion)} for interface {@code interfaceId} of the pipe. */
    public static Message queryVersion(int interfaceId, long requestId) {
        return run(interfaceId, requestId, new ValueCodec.UnionValue("query_version", Map.of()));
    }

    /** {@code Run(FlushForTesting)}, the request of a flush. */
    public static Message flush(long requestId) {
        return flush(0, requestId);
    }

    /** {@code Run(FlushForTesting)} for interface {@code interfaceId} of the pipe. */
    public static Message flush(int interfaceId, long requestId) {
        return run(interfaceId, requestId, new ValueCodec.UnionValue("flush_for_testing", Map.of()));
    }

    /** The reply to a {@code Run}: the version for a version query, {@code null} output otherwise. */
    public static Message runResponse(long requestId, Integer version) {
        return runResponse(0, requestId, version);
    }

    /** {@link #runResponse(long, Integer)} for interface {@code interfaceId} of the pipe. */
    public static Message runResponse(int interfaceId, long requestId, Integer version) {
        Object output = version == null ? null
                : new ValueCodec.UnionValue("query_version_result", Map.of("version", Integer.toUnsignedLong(version)));
        java.util.HashMap<String, Object> value = new java.util.HashMap<>();
        value.put("output", output);
        return message(interfaceId, MessageHeader.RUN_MESSAGE_ID, MessageHeader.FLAG_IS_RESPONSE, requestId,
                RUN_RESPONSE_PARAMS, value);
    }

    /** {@code RunOrClosePipe(RequireVersion)}. */
    public static Message requireVersion(int version) {
        return requireVersion(0, version);
    }

    /** {@code RunOrClosePipe(RequireVersion)} for interface {@code interfaceId} of the pipe. */
    public static Message requireVersion(int interfaceId, int version) {
        return runOrClosePipe(interfaceId, new ValueCodec.UnionValue("require_version",
                Map.of("version", Integer.toUnsignedLong(version))));
    }

    /** jmojo's {@code RunOrClosePipe(CancelRequest)}: the deadline of request {@code requestId} passed. */
    public static Message cancelRequest(long requestId) {
        return cancelRequest(0, requestId);
    }

    /** {@link #cancelRequest(long)} for interface {@code interfaceId} of the pipe. */
    public static Message cancelRequest(int interfaceId, long requestId) {
        return runOrClosePipe(interfaceId, new ValueCodec.UnionValue("cancel_request",
                Map.of("request_id", requestId)));
    }

    /**
     * The pipe-control event that tells the peer why this end closes: Chromium's
     * {@code PeerAssociatedEndpointClosedEvent} for interface ID 0 (the primary interface).
     */
    public static Message disconnectReason(int customReason, String description) {
        return endpointClosed(0, customReason, description);
    }

    /**
     * The pipe-control {@code PeerAssociatedEndpointClosedEvent}: this side closed its end of
     * interface {@code interfaceId}, with a reason unless {@code customReason} is null.
     */
    public static Message endpointClosed(int interfaceId, Integer customReason, String description) {
        java.util.HashMap<String, Object> event = new java.util.HashMap<>();
        event.put("id", Integer.toUnsignedLong(interfaceId));
        event.put("disconnect_reason", customReason == null ? null
                : Map.of("custom_reason", Integer.toUnsignedLong(customReason), "description", description));
        return message(MessageHeader.INVALID_INTERFACE_ID, MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID, 0, 0,
                PIPE_CONTROL_PARAMS, Map.of("input", new ValueCodec.UnionValue("peer_associated_endpoint_closed_event",
                        event)));
    }

    /**
     * A pipe-control {@code PeerAssociatedEndpointClosedEvent}.
     *
     * @param id the interface ID whose end the peer closed
     * @param reason the reason it gave, as {@link org.jmojo.bindings.DisconnectReason.Kind#PEER_REASON}; null if none
     */
    public record EndpointClosed(int id, org.jmojo.bindings.DisconnectReason reason) {}

    /**
     * The event in a pipe-control message; null for the other pipe-control inputs. Closes the
     * handles the message carries.
     *
     * @throws ValidationException if {@code message} is not a valid pipe-control message
     */
    public static EndpointClosed endpointClosedEvent(Message message) throws ValidationException {
        MemorySegment bytes = MemorySegment.ofArray(message.bytes());
        MessageHeader header = Validator.validateHeader(bytes);
        if (header.interfaceId() != MessageHeader.INVALID_INTERFACE_ID
                || header.name() != MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID) {
            message.closeHandles();
            throw ValidationException.unknownMethod(Integer.toUnsignedLong(header.name()), "pipe control",
                    "only RunOrClosePipe with interface id 0xFFFFFFFF is addressed to the pipe");
        }
        ValueCodec.UnionValue input = decode(message, bytes, header, PIPE_CONTROL_PARAMS);
        if (input.field().equals("peer_associated_endpoint_closed_event") && input.value() instanceof Map<?, ?> event) {
            org.jmojo.bindings.DisconnectReason reason = null;
            if (event.get("disconnect_reason") instanceof Map<?, ?> r) {
                reason = new org.jmojo.bindings.DisconnectReason(org.jmojo.bindings.DisconnectReason.Kind.PEER_REASON,
                        (int) (long) (Long) r.get("custom_reason"), (String) r.get("description"));
            }
            return new EndpointClosed((int) (long) (Long) event.get("id"), reason);
        }
        return null;
    }

    /**
     * Validates the payload of a control message against {@code params} and decodes its one field,
     * the input or output union (null for a null output). Handles it carries are closed: no control
     * message jmojo acts on keeps one.
     */
    static ValueCodec.UnionValue decode(Message message, MemorySegment bytes, MessageHeader header, StructSchema params)
            throws ValidationException {
        try {
            Validator.validatePayload(bytes, header, message.handles().size(), params);
            Map<String, Object> value = ValueCodec.decodeStruct(new Decoder(bytes), header.payloadOffset(), params,
                    message.handles(), List.of());
            return (ValueCodec.UnionValue) value.get(params.fields().getFirst().name());
        } finally {
            message.closeHandles();
        }
    }

    /**
     * The reason in a pipe-control {@code PeerAssociatedEndpointClosedEvent} for the primary
     * interface (ID 0), as {@link org.jmojo.bindings.DisconnectReason.Kind#PEER_REASON}; null for any
     * other pipe-control message. Closes the handles the message carries.
     *
     * @throws ValidationException if {@code message} is not a valid pipe-control message
     */
    public static org.jmojo.bindings.DisconnectReason peerReason(Message message) throws ValidationException {
        EndpointClosed event = endpointClosedEvent(message);
        return event != null && event.id() == 0 ? event.reason() : null;
    }

    private static Message run(int interfaceId, long requestId, ValueCodec.UnionValue input) {
        return message(interfaceId, MessageHeader.RUN_MESSAGE_ID, MessageHeader.FLAG_EXPECTS_RESPONSE, requestId, RUN_PARAMS,
                Map.of("input", input));
    }

    private static Message runOrClosePipe(int interfaceId, ValueCodec.UnionValue input) {
        return message(interfaceId, MessageHeader.RUN_OR_CLOSE_PIPE_MESSAGE_ID, 0, 0, RUN_OR_CLOSE_PIPE_PARAMS,
                Map.of("input", input));
    }

    private static Message message(int interfaceId, int name, int flags, long requestId, StructSchema params,
            Map<String, ?> value) {
        return new Message(MessageBuilder.encode(interfaceId, name, flags, requestId, params, value).bytes(), List.of());
    }

    private static MojomKind prim(PrimitiveType type) {
        return new MojomKind.Primitive(type);
    }

    private static FieldSchema field(String name, int ordinal, MojomKind kind, int offset) {
        return new FieldSchema(name, ordinal, kind, offset, 0, 0);
    }

    private static StructSchema struct(String name, int numBytes, FieldSchema... fields) {
        return new StructSchema(name, List.of(fields), List.of(new StructSchema.VersionSize(0, numBytes)));
    }

    private static StructSchema empty(String name) {
        return struct(name, 8);
    }

    private static UnionSchema.Field member(String name, int tag, StructSchema struct) {
        return new UnionSchema.Field(name, tag, new MojomKind.Struct(struct.name(), () -> struct, false));
    }

    private static MojomKind.Union union(UnionSchema schema, boolean nullable) {
        return new MojomKind.Union(schema.name(), () -> schema, nullable);
    }
}
