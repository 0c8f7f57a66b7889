/**
 * The node layer (docs/architecture.md §2): between the ports layer and the channels, it will own a
 * node's channels, handshakes, introductions and invitations and turn ports events into frames and
 * back. Today it holds only what the system layer must ask about frames without knowing their format
 * ({@link org.jmojo.internal.node.UserMessageFrames}). Not exported.
 */
package org.jmojo.internal.node;
