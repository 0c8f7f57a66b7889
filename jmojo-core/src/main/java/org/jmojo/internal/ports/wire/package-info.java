/**
 * The bytes of the ports events and the port descriptor (docs/ports-wire.md; DESIGN.md §3's event table, §4's
 * event frame): one immutable value per event type under {@link org.jmojo.internal.ports.wire.PortsEvent}, the
 * {@link org.jmojo.internal.ports.wire.PortDescriptor} and {@link org.jmojo.internal.ports.wire.HandleEntry}
 * values they carry, one {@code *Layout} class per binary layout, and {@link org.jmojo.internal.ports.wire.EventCodec},
 * which encodes a value to exactly its size and decodes bytes a peer sent, checking every size and count before it
 * allocates and refusing with a typed {@link org.jmojo.internal.ports.wire.EventDecodeException}.
 *
 * <p>Knows nothing of sockets, channels or fds: the frame's fd count comes in as a number, and the layer that owns
 * the channel maps each {@link org.jmojo.internal.ports.wire.Rejection} to the cut-off reason its
 * {@link org.jmojo.internal.ports.wire.Rejection#category() category} names. Every type here is immutable and
 * thread-safe. Not exported.
 */
package org.jmojo.internal.ports.wire;
