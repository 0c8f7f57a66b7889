package org.jmojo.internal.handles;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jmojo.internal.platform.Fd;
import org.jmojo.internal.sync.LockRank;
import org.jmojo.system.HandleType;
import org.jmojo.system.InvalidHandleException;
import org.jmojo.system.MojoException;
import org.jmojo.system.MojoResult;
import org.jmojo.system.Right;
import org.jmojo.system.SignalsState;

/**
 * The dispatcher of a platform handle: one owned descriptor ({@link Fd}) and no signals.
 *
 * <p>Ownership of the descriptor: this dispatcher's from construction until exactly one of: its close
 * ({@link #closeResources()} closes it), a write that attaches it succeeds (the message owns it; this dispatcher
 * forgets it without closing, {@link #forgetSent()}), or an unwrap hands it to the caller ({@link #unwrap}). A write
 * or an unwrap holds the handle {@code BUSY} (the dispatcher's transit state) while it decides, so a concurrent
 * attach, unwrap or close can never reach the descriptor a second time.
 */
final class PlatformDispatcher extends Dispatcher {
    static final Set<Right> DEFAULT_RIGHTS = Set.of(Right.TRANSFER, Right.READ, Right.WRITE);

    /** How an unwrap turns the descriptor into what the caller gets; on success the result owns it. */
    @FunctionalInterface
    interface Conversion<T> {
        T convert(Fd fd) throws IOException;
    }

    /** The descriptor; null once closed, sent or unwrapped. Changed only by the owner of the transit or close. */
    private final AtomicReference<Fd> fd;
    /** Set (before the handle retires) by a successful unwrap, so that later uses say so. */
    private volatile boolean unwrapped;

    PlatformDispatcher(LocalCore core, Fd fd, Set<Right> rights) {
        super(core, HandleType.PLATFORM_HANDLE, rights, LockRank.ENDPOINT);
        this.fd = new AtomicReference<>(fd);
    }

    @Override
    SignalsState currentSignals() {
        return SignalsState.NONE;
    }

    @Override
    void closeResources() {
        Fd f = fd.getAndSet(null);
        if (f != null) {
            f.close();
        }
    }

    /** The descriptor, for a write that has made this handle busy to attach it. */
    Fd fdForTransfer() {
        Fd f = fd.get();
        if (f == null) {
            throw new IllegalStateException(name(value) + " has no descriptor while in transit");
        }
        return f;
    }

    /** After a successful write: the message owns the descriptor now. */
    void forgetSent() {
        fd.set(null);
    }

    /**
     * Hands the descriptor to the caller as {@code conversion} makes it, and retires the handle; on failure nothing
     * changes.
     *
     * @param as what the caller asked for, for messages
     */
    <T> T unwrap(Conversion<T> conversion, String as) {
        if (unwrapped) {
            throw new InvalidHandleException(value, -1, name(value) + " was unwrapped: its descriptor belongs to the"
                    + " caller of that unwrap, and a platform handle is unwrapped at most once");
        }
        checkUsable(Right.READ);
        checkUsable(Right.WRITE);
        beginTransit(); // no attach, close or other unwrap reaches the descriptor while this one decides
        T result;
        try {
            result = conversion.convert(fdForTransfer());
        } catch (IOException | RuntimeException e) {
            endTransit(false);
            throw new MojoException(MojoResult.FAILED_PRECONDITION, name(value) + " cannot be unwrapped as a " + as
                    + ": " + e.getMessage() + "; the handle is unchanged and still owns its descriptor", e);
        }
        fd.set(null);
        unwrapped = true;
        endTransitRetired("was unwrapped");
        return result;
    }

    /** The descriptor's number while this handle owns it, or -1 (for messages and tests). */
    int fdNumber() {
        Fd f = fd.get();
        return f == null ? -1 : f.number();
    }

    @Override
    public String toString() {
        return super.toString() + "(fd " + fdNumber() + ")";
    }
}
