package org.jmojo.bindings.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * One interface method at run time.
 *
 * @param name the declared name
 * @param ordinal the ordinal written as the header {@code name}
 * @param request the request parameter struct
 * @param response the response parameter struct, or {@code null} when the method has no response
 *     (an empty {@code => ()} still has an 8-byte response struct)
 * @param sync whether the method is {@code [Sync]}
 * @param noInterrupt whether the method is {@code [NoInterrupt]}
 */
public record MethodSchema(String name, int ordinal, StructSchema request, StructSchema response, boolean sync,
        boolean noInterrupt) {

    public MethodSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
    }

    /** Whether the caller expects a reply. */
    public boolean hasResponse() {
        return response != null;
    }

    /** The response parameter struct, if the method has one. */
    public Optional<StructSchema> responseSchema() {
        return Optional.ofNullable(response);
    }
}
