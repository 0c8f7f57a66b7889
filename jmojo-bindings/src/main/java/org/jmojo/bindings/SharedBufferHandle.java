package org.jmojo.bindings;

import org.jmojo.system.Handle;

/**
 * The Java type of a Mojom {@code handle<shared_buffer>} field.
 *
 * <p><b>Not supported yet.</b> jmojo's core has no shared buffers, so nothing in jmojo creates an object of
 * this type: a field of this type is null in every value jmojo decodes from a pipe, and a decoder
 * that finds another kind of handle in its place rejects the message with
 * {@link ValidationError#VALIDATION_ERROR_DESERIALIZATION_FAILED}, naming the field. When the core
 * gains shared buffers, its handle type takes this one's place.
 */
public interface SharedBufferHandle extends Handle {}
