package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jmojo.bindings.InterfaceDescriptor;
import org.jmojo.bindings.ValidationException;
import org.jmojo.system.Handle;

/**
 * The glue between one generated interface and the bindings' router: what the generator emits per
 * interface, so that {@link org.jmojo.bindings.Remote} and {@link org.jmojo.bindings.Receiver} work for
 * it. Generated code registers one instance per interface with {@link Codecs#register}; the bindings
 * find it with {@link Codecs#binding}.
 *
 * <p>The router does everything that is the same for every interface (request ids, flags, the
 * header, control messages, threads); a binding does only what depends on the methods:
 * <ul>
 *   <li>{@link #proxy}: a {@code I} whose every method encodes its arguments as the method's
 *       parameter struct and hands it to a {@link MethodCaller} (send, call or blocking call);
 *   <li>{@link #decodeRequest}: the parameter struct of a request whose header the router has
 *       already checked against {@link #schema()}, decoded with the generated validating decoder
 *       (so the payload is validated exactly once, before any user code sees it);
 *   <li>{@link #invoke}: calls the implementation with the decoded parameters and returns its
 *       response as a {@link Response}, or null for a method without one.
 * </ul>
 *
 * <p>Stateless and thread-safe: the router calls {@link #decodeRequest} on the thread that reads
 * the pipe and {@link #invoke} on the receiver's executor.
 *
 * @param <I> the generated Java interface
 */
public interface InterfaceBinding<I> {

    /** The interface. */
    InterfaceDescriptor<I> descriptor();

    /** The methods, for the header checks of the validator; its version is the implementation's. */
    InterfaceSchema schema();

    /** A proxy that makes every call of {@code I} through {@code caller}. */
    I proxy(MethodCaller caller);

    /**
     * Decodes the parameters of a request for {@code method} (found in {@link #schema()} by the
     * header's name); typically {@code MessageBuilder.decodeParams(message, header, handles, CODEC)}.
     *
     * @throws ValidationException if the payload breaks a rule of docs/wire-format.md §12
     */
    Object decodeRequest(MethodSchema method, MemorySegment message, MessageHeader header,
            List<? extends Handle> handles) throws ValidationException;

    /**
     * Calls {@code implementation}'s method for {@code method} with {@code params}, an object that
     * {@link #decodeRequest} returned for the same method.
     *
     * @return the response parameter struct to come, or null if the method has no response
     */
    Response<?> invoke(I implementation, MethodSchema method, Object params);

    /**
     * The response of one call: the response parameter struct to come and its codec.
     *
     * @param codec the codec of the response parameter struct
     * @param value completes with the response parameter struct (or fails: the router then closes
     *     the pipe, as a Mojo implementation that cannot answer must)
     * @param <R> the response parameter struct
     */
    record Response<R>(StructCodec<R> codec, java.util.concurrent.CompletionStage<R> value) {
        public Response {
            java.util.Objects.requireNonNull(codec, "codec");
            java.util.Objects.requireNonNull(value, "value");
        }
    }
}
