package org.jmojo.mojom.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One interface method with its packed parameter structs.
 *
 * @param name method name
 * @param ordinal the message name written in the header: explicit {@code @N}, else previous + 1
 *     (docs/wire-format.md §3.6); a uint32 held in an {@code int}, so names from 0x80000000 up are
 *     negative (read it with {@link Integer#toUnsignedLong}). 0xFFFFFFFE and 0xFFFFFFFF are never
 *     used: they name the control messages
 * @param declarationIndex zero-based position in the interface
 * @param minVersion {@code [MinVersion]}, 0 if none
 * @param sync whether the method is {@code [Sync]}
 * @param noInterrupt whether the method is {@code [NoInterrupt]}
 * @param params the request parameter struct, packed
 * @param response the response parameter struct if the method declares {@code => (...)}; an empty
 *     response list still yields an (8-byte) struct and a method that expects a response
 * @param attributes attributes on the method
 * @param position where the method name appears
 */
public record Method(
        String name,
        int ordinal,
        int declarationIndex,
        int minVersion,
        boolean sync,
        boolean noInterrupt,
        StructDef params,
        Optional<StructDef> response,
        Attributes attributes,
        SourcePosition position) {

    /** Validates presence of components. */
    public Method {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(position, "position");
    }

    /** Whether a request expects a reply (header flag bit 0). */
    public boolean expectsResponse() {
        return response.isPresent();
    }
}
