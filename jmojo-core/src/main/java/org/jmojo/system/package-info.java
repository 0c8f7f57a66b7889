/**
 * The Mojo system API: handles, message pipes, signals, waiting, wait sets, traps and receive quotas.
 *
 * <h2>Getting started</h2>
 * <pre>{@code
 * Core core = Core.instance();
 * try (MessagePipe pipe = core.createMessagePipe()) {
 *     pipe.end0().writeMessage("hello".getBytes(UTF_8));
 *     core.wait(pipe.end1(), Signals.READABLE, Deadline.INFINITE);
 *     ReadResult r = pipe.end1().readMessage();   // OK, with the message
 * }
 * }</pre>
 *
 * <h2>Outcomes</h2>
 * Expected outcomes are {@link org.jmojo.system.MojoResult} values ({@code OK}, {@code SHOULD_WAIT},
 * {@code FAILED_PRECONDITION}, {@code RESOURCE_EXHAUSTED}, {@code DEADLINE_EXCEEDED}, {@code CANCELLED},
 * {@code NOT_FOUND}, {@code ALREADY_EXISTS}); misuse is a thrown {@link org.jmojo.system.MojoException}
 * ({@code INVALID_ARGUMENT} — {@link org.jmojo.system.InvalidHandleException} for an invalid handle —,
 * {@code BUSY}, {@code PERMISSION_DENIED}) whose message names the handle ({@code handle=0x…}) and
 * the rule broken.
 *
 * <p>That rule has one form for every type of this package: a value outside what a method accepts (a
 * negative quota limit, bits that are not signals, empty or mismatched lists for
 * {@link org.jmojo.system.Core#waitMany}, a bound below 1, a code Mojo does not define) throws
 * {@link org.jmojo.system.MojoException} with {@link org.jmojo.system.MojoResult#INVALID_ARGUMENT},
 * whose message starts with the value ({@code maxBytes=-1: ...}) and says the rule. No method of this
 * package throws a bare {@link IllegalArgumentException}. The only other exception is Java's own for a
 * missing value: {@code null} where an object is required throws {@link NullPointerException} naming the
 * parameter.
 *
 * <h2>Files and descriptors</h2>
 * A file descriptor, {@link java.nio.channels.FileChannel} or {@link java.io.FileDescriptor} is wrapped as a
 * {@link org.jmojo.system.PlatformHandle} ({@link org.jmojo.system.Core#wrapFileDescriptor(int)} and its
 * siblings), sent like any transferable handle, and unwrapped by the reader. See
 * {@code docs/platform-handles.md}.
 *
 * <h2>Threads</h2>
 * Every type is thread-safe and usable from virtual threads; blocking waits park without pinning.
 * Trap handlers run with no lock held, on the thread whose call changed the state, at the end of that
 * call. See {@code docs/concurrency.md} and {@code docs/ownership.md}.
 */
package org.jmojo.system;
