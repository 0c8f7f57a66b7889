/**
 * Locking shared by every layer of jmojo-core: {@link org.jmojo.internal.sync.RankedLock}, the lock
 * ranks of docs/architecture.md §5 ({@link org.jmojo.internal.sync.LockRank}) and the per-thread record
 * of held locks that enforces them ({@link org.jmojo.internal.sync.HeldLocks}, with its test mode that
 * checks the lock order). It depends on nothing else in jmojo. Not exported.
 */
package org.jmojo.internal.sync;
