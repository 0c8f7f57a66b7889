package org.jmojo.bindings.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * What a generated proxy calls: the router side of a {@link org.jmojo.bindings.Remote}. Each method
 * takes the {@link MethodSchema} of the interface's {@link InterfaceSchema} (its ordinal and its
 * {@code [Sync]} / {@code [NoInterrupt]} attributes decide the header), the parameter struct's codec
 * and value, and for calls with a response the response struct's codec.
 *
 * <p>Thread-safe: a proxy may be called from any number of threads.
 *
 * @see InterfaceBinding
 */
public interface MethodCaller {

    /**
     * Sends a request to a method without a response. A send on a disconnected pipe is dropped, as
     * in Mojo; the handles in {@code params} are then still owned by the caller.
     *
     * @throws IllegalArgumentException if {@code method} has a response
     */
    <P> void send(MethodSchema method, StructCodec<P> paramsCodec, P params);

    /**
     * Sends a request and returns its response struct to come. The future completes on the
     * remote's callback executor, never on the thread that read the response; it fails with
     * {@link org.jmojo.bindings.BindingException} if no response can come.
     *
     * @throws IllegalArgumentException if {@code method} has no response
     */
    <P, R> CompletableFuture<R> call(MethodSchema method, StructCodec<P> paramsCodec, P params,
            StructCodec<R> responseCodec);

    /**
     * Sends a request to a {@code [Sync]} method and blocks until its response arrives. While it
     * waits, the calling thread still dispatches sync requests that arrive for the receivers it is
     * dispatching for (unless {@code method} is {@code [NoInterrupt]}), so that two services that call
     * each other synchronously cannot deadlock.
     *
     * @throws org.jmojo.bindings.BindingException if no response can come, or the remote's sync-call
     *     timeout or the call's deadline passed
     * @throws IllegalArgumentException if {@code method} is not {@code [Sync]}
     */
    <P, R> R callSync(MethodSchema method, StructCodec<P> paramsCodec, P params, StructCodec<R> responseCodec);
}
