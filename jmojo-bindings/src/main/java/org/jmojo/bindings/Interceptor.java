package org.jmojo.bindings;

/**
 * Sees the calls of a {@link Remote} or the requests of a {@link Receiver}, for logging, metrics or
 * authorisation ({@link Remote#addInterceptor}, {@link Receiver#addInterceptor}). Every method has an
 * empty default; implement the ones of the side you attach to.
 *
 * <p><b>Receiver side.</b> {@link #onRequest} runs on the receiver's dispatch thread for every
 * request that passed validation, before the implementation, with the decoded parameter struct; an
 * authorisation interceptor rejects a request with {@link CallContext#reportBadMessage}: the
 * implementation is not called, the pipe closes, the peer is told the reason and
 * {@link BadMessages} counts it. {@link #onRequestDone} runs when the response was sent (or the
 * implementation failed; for a method without a response, when the implementation returned), on the
 * thread that completed the response.
 *
 * <p><b>Remote side.</b> {@link #onCall} runs on the caller's thread before the request is sent;
 * {@link #onCallDone} runs when the call completed: for a call with a response on the remote's
 * callback executor (a blocking {@code [Sync]} call: on the caller's thread), for one without, right
 * after the request was written.
 *
 * <p>An interceptor must be thread-safe and quick; one that throws on the receiver side counts as a
 * failed implementation (the pipe closes), on the remote side its exception reaches the caller
 * ({@link #onCall}) or is logged ({@link #onCallDone}).
 */
public interface Interceptor {

    /** A request is about to reach the implementation; {@code params} is its decoded parameter struct. */
    default void onRequest(CallContext call, Object params) {}

    /** The request was answered with {@code response} (null for a method without one), or failed. */
    default void onRequestDone(CallContext call, Object response, Throwable failure) {}

    /** A call of {@code methodName} with the parameter struct {@code params} is about to be sent. */
    default void onCall(String methodName, Object params) {}

    /** A call completed with the response struct {@code response} (null without one), or failed. */
    default void onCallDone(String methodName, Object response, Throwable failure) {}
}
