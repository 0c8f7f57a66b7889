package org.jmojo.bindings;

import java.util.concurrent.CompletionStage;
import org.jmojo.bindings.internal.router.Router;

/**
 * The request an implementation is serving, as seen from inside its method: whether the caller
 * gave up on it (its deadline passed), and a way to report the request as bad.
 *
 * <p>{@link #current()} works only on the thread that runs the implementation's method, while that
 * method runs (a {@link Receiver} binds it there); keep the object to use it later, from any thread,
 * for example when an asynchronous answer is computed elsewhere. Thread-safe.
 */
public interface CallContext {

    /**
     * The context of the request this thread is dispatching.
     *
     * @throws IllegalStateException if this thread is not inside an implementation method called by a
     *     {@link Receiver}
     */
    static CallContext current() {
        CallContext current = Router.currentCall();
        if (current == null) {
            throw new IllegalStateException("CallContext.current() is only available inside an implementation "
                    + "method that a Receiver is dispatching");
        }
        return current;
    }

    /** The Mojom name of the method being served. */
    String methodName();

    /** The request id, 0 for a method without a response. */
    long requestId();

    /**
     * Whether the caller cancelled the request (its deadline passed, or it disconnected). A snapshot;
     * an implementation doing long work checks it, or registers on {@link #cancellation()}.
     */
    boolean isCancelled();

    /**
     * Completes when the request is cancelled; never completes otherwise. Dependent actions run on
     * the thread that reads the pipe: keep them short and non-blocking.
     */
    CompletionStage<Void> cancellation();

    /**
     * Reports the request as bad, as the validator does for a malformed message: the pipe closes, the
     * peer is told {@code reason} (custom reason {@link DisconnectReason#BAD_MESSAGE_CODE}), the
     * receiver's disconnect handler gets {@link DisconnectReason.Kind#BAD_MESSAGE}, and
     * {@link BadMessages#count(String) the counter} of {@code reason} goes up. A response not sent yet
     * is never sent. Idempotent: only the first report of a binding counts.
     */
    void reportBadMessage(String reason);
}
