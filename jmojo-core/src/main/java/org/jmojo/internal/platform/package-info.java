/**
 * The platform layer (DESIGN.md §2): jmojo's only FFM code. Linux x86-64 system calls for
 * {@code AF_UNIX} stream sockets ({@link org.jmojo.internal.platform.UnixSocket}), descriptor passing
 * ({@link org.jmojo.internal.platform.SocketMessenger}), readiness ({@link org.jmojo.internal.platform.Epoll},
 * {@link org.jmojo.internal.platform.Poller}, {@link org.jmojo.internal.platform.EventFd}), shared memory
 * and process identity, each descriptor owned by one {@link org.jmojo.internal.platform.Fd}. Every call
 * captures {@code errno}; failures are {@link org.jmojo.internal.platform.NativeException}s naming the
 * call and the errno, {@code EAGAIN} is a return value, {@code EINTR} is retried. Knows nothing of the
 * layers above. Not exported.
 */
package org.jmojo.internal.platform;
