/**
 * The system layer under {@code org.jmojo.system}: the handle table, one dispatcher per handle type
 * (message pipe endpoint, trap, wait set), waiters, the per-thread request context that defers trap
 * events until every lock is released, and the handle objects users hold. Not exported.
 */
package org.jmojo.internal.handles;
