package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jmojo.bindings.PendingAssociatedReceiver;
import org.jmojo.bindings.PendingAssociatedRemote;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;

/**
 * Assembles complete messages: header, then the parameter struct and everything it points to,
 * then (for a v2 header) the payload interface-ID array (docs/wire-format.md §2.3 and §10).
 *
 * <p>The payload is encoded first into its own {@link Encoder}: pointers are relative and every
 * object is 8-aligned, so the payload bytes can follow any header unchanged, and the header
 * version can depend on whether the payload carries associated endpoints.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageBuilder {

    private MessageBuilder() {}

    /**
     * Writes a message around an already encoded payload.
     *
     * @param payload the encoded parameter struct at offset 0 of its own buffer
     * @param interfaceIds for each associated endpoint of the payload, in index order, its interface ID;
     *     when non-empty the header is v2 and the IDs follow the payload
     * @return the message bytes; the caller attaches the payload's handles unchanged
     */
    public static byte[] build(int interfaceId, int name, int flags, long requestId, byte[] payload,
            List<Integer> interfaceIds) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length % 8 != 0) {
            throw new IllegalArgumentException("payload length must be a multiple of 8: " + payload.length);
        }
        Encoder e = new Encoder(MessageHeader.V2_SIZE + payload.length + 8 + 4 * interfaceIds.size());
        MessageHeader.write(e, interfaceId, name, flags, requestId, !interfaceIds.isEmpty());
        int at = e.allocate(payload.length);
        e.putBytes(at, payload);
        if (!interfaceIds.isEmpty()) {
            int ids = e.allocateArray(interfaceIds.size(), 32);
            for (int i = 0; i < interfaceIds.size(); i++) {
                e.putInt32(ids + 8 + 4L * i, interfaceIds.get(i));
            }
            e.putPointer(MessageHeader.INTERFACE_IDS_POINTER_OFFSET, ids);
        }
        return e.toByteArray();
    }

    /**
     * Encodes {@code value}, a generated parameter struct, and wraps it in a message: the interface
     * message path of generated code. An associated endpoint in the value
     * ({@link PendingAssociatedRemote}, {@link PendingAssociatedReceiver}) goes into the payload
     * interface-ID array with its interface ID, and then the header is v2.
     *
     * @return the message bytes and the handles to attach, in index order (recorded, not moved)
     */
    public static <T> Message build(int interfaceId, int name, int flags, long requestId, StructCodec<T> params,
            T value) {
        return build(interfaceId, name, flags, requestId, params, value, endpoint -> switch (endpoint) {
            case PendingAssociatedRemote<?> r -> r.interfaceId();
            case PendingAssociatedReceiver<?> r -> r.interfaceId();
            default -> throw new IllegalArgumentException("not an associated endpoint: " + endpoint);
        });
    }

    /**
     * {@link #build(int, int, int, long, StructCodec, Object)} where {@code idOf} gives the interface
     * ID to write for each associated endpoint of the value, in index order: the router's path, which
     * checks that the endpoint belongs to the pipe and records that it is being sent.
     *
     * @throws IllegalArgumentException if {@code idOf} refuses an endpoint
     */
    public static <T> Message build(int interfaceId, int name, int flags, long requestId, StructCodec<T> params,
            T value, java.util.function.ToIntFunction<Object> idOf) {
        Encoder payload = Encoder.sized(params.encodedSize(value));
        params.encode(payload, value);
        List<Integer> ids = new ArrayList<>();
        for (Object endpoint : payload.associatedEndpoints()) {
            ids.add(idOf.applyAsInt(endpoint));
        }
        return new Message(build(interfaceId, name, flags, requestId, payload.finish(), ids),
                StructCodec.handles(payload));
    }

    /**
     * Checks and decodes the parameters of {@code message}, whose header has passed
     * {@link Validator#validateHeader} and names a method whose parameters (or response parameters)
     * {@code params} decodes: the generated validating decoder of the interface message path, which
     * gives the {@link Validator}'s answer without a second walk.
     *
     * @param handles the handles attached to the message, in index order
     * @throws org.jmojo.bindings.ValidationException if the payload breaks a rule of docs/wire-format.md §12
     */
    public static <T> T decodeParams(MemorySegment message, MessageHeader header, List<? extends Handle> handles,
            StructCodec<T> params) throws org.jmojo.bindings.ValidationException {
        return params.decode(ValidatingReader.forPayload(message, header, handles), header.payloadOffset());
    }

    /**
     * Encodes {@code params} with {@link ValueCodec} and wraps it in a message. Associated
     * endpoints in the value must be interface IDs ({@link Number}s, as {@link #decode} produces).
     */
    public static ValueCodec.Encoded encode(int interfaceId, int name, int flags, long requestId,
            StructSchema params, Map<String, ?> value) {
        ValueCodec.Encoded payload = ValueCodec.encodeStruct(params, value);
        List<Integer> ids = payload.associatedEndpoints().stream().map(o -> {
            if (o instanceof Number id) {
                return id.intValue();
            }
            throw new IllegalArgumentException("an associated endpoint of the generic codec must be a Number "
                    + "(its interface ID), got " + o);
        }).toList();
        byte[] bytes = build(interfaceId, name, flags, requestId, payload.bytes(), ids);
        return new ValueCodec.Encoded(bytes, payload.handles(), payload.associatedEndpoints());
    }

    /**
     * A decoded message.
     *
     * @param header the header
     * @param method the method the header names
     * @param response whether the parameters are the method's response parameters
     * @param params the parameter values by name
     */
    public record Decoded(MessageHeader header, MethodSchema method, boolean response, Map<String, Object> params) {}

    /**
     * Validates and decodes a message read by a receiver ({@code response == false}) or a remote.
     * Associated slots decode to the interface IDs (as {@link Long}) they select.
     *
     * @throws org.jmojo.bindings.ValidationException if the message is invalid
     * @throws IllegalArgumentException if the message is a control message, which belongs to no
     *     method of {@code iface}
     */
    public static Decoded decode(MemorySegment message, List<?> handles, InterfaceSchema iface, boolean response)
            throws org.jmojo.bindings.ValidationException {
        MessageHeader header = response
                ? Validator.validateIncomingResponse(message, handles.size(), iface)
                : Validator.validateIncomingRequest(message, handles.size(), iface);
        if (header.isControlMessage()) {
            throw new IllegalArgumentException("control message (name 0x" + Integer.toHexString(header.name())
                    + ") is not a method of " + iface.name());
        }
        MethodSchema method = iface.method(Integer.toUnsignedLong(header.name())).orElseThrow();
        Decoder d = new Decoder(message);
        List<Object> ids = List.of();
        if (header.interfaceIdsOffset() != 0) {
            long n = d.getUInt32(header.interfaceIdsOffset() + 4);
            Long[] values = new Long[(int) n];
            for (int i = 0; i < n; i++) {
                values[i] = d.getUInt32(header.interfaceIdsOffset() + 8 + 4L * i);
            }
            ids = List.of((Object[]) values);
        }
        StructSchema params = response ? method.response() : method.request();
        return new Decoded(header, method, response,
                ValueCodec.decodeStruct(d, header.payloadOffset(), params, handles, ids));
    }
}
