package org.jmojo.conformance.bindings;

import org.jmojo.bindings.DispatchSequence;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;

/**
 * How a test binds its receivers and remotes, so that one test class checks the bindings' semantics
 * on both paths (a subclass of {@link BindingModeTest}).
 */
enum BindingMode {
    /** The defaults: a serial virtual-thread sequence per receiver, a callback queue per remote. */
    DEFAULT,
    /**
     * The direct path: receivers on {@link DispatchSequence#direct()}, remotes with direct callbacks
     * (unless the test chose an executor), so requests and responses run on the threads that deliver
     * them.
     */
    DIRECT;

    /** A new sequence for a receiver ({@code name} names the default one's threads). */
    DispatchSequence sequence(String name) {
        return this == DIRECT ? DispatchSequence.direct() : DispatchSequence.create(name);
    }

    /** Binds {@code impl} on a sequence of its own. */
    <I> Receiver<I> bind(PendingReceiver<I> pending, I impl) {
        return Receiver.bind(pending, impl, sequence(pending.descriptor().name()));
    }

    /** {@code options} for this mode: direct callbacks, unless they name a callback executor. */
    Remote.Options options(Remote.Options options) {
        return this == DIRECT && options.callbackExecutor() == null ? options.withDirectCallbacks() : options;
    }

    /** Binds a remote with {@code options} for this mode. */
    <I> Remote<I> bind(PendingRemote<I> pending, Remote.Options options) {
        return Remote.bind(pending, options(options));
    }

    /** Binds a remote with the defaults of this mode. */
    <I> Remote<I> bind(PendingRemote<I> pending) {
        return bind(pending, Remote.Options.defaults());
    }
}
