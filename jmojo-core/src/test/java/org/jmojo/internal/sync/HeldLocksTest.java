package org.jmojo.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lock-order test mode of {@link HeldLocks} ({@value HeldLocks#CHECK_ORDER_PROPERTY}=true, set for
 * every test JVM by the parent pom): each out-of-order acquisition is refused before it can block, with
 * a message naming both locks and the rule, and counted.
 */
@LockOrderGuard.ProvokesLockOrderViolations
class HeldLocksTest {
    @BeforeAll
    static void testJvmsCheckTheOrder() {
        assertThat(HeldLocks.CHECKING_ORDER)
                .as("test JVMs run with -D" + HeldLocks.CHECK_ORDER_PROPERTY + "=true (parent pom, jmojo.test.jvmArgs)")
                .isTrue();
    }

    @Test
    void ranks_followTheTableOfArchitecture5() {
        assertThat(LockRank.values()).extracting(LockRank::label).containsExactly("1", "1b", "2", "3", "4", "5", "leaf");
        assertThat(LockRank.values()).filteredOn(LockRank::severalInOrder).containsExactly(LockRank.PORT);
    }

    @Test
    void lowerRankUnderHigher_refusedNamingBothAndNotTaken() {
        RankedLock port = new RankedLock(LockRank.PORT);
        RankedLock endpoint = new RankedLock(LockRank.ENDPOINT);
        long before = HeldLocks.violationCount();
        port.lock();
        try {
            assertThatThrownBy(endpoint::lock)
                    .isInstanceOf(HeldLocks.LockOrderViolation.class)
                    .hasMessageContaining("asked for rank 1 ENDPOINT lock #" + endpoint.order())
                    .hasMessageContaining("while holding rank 3 PORT lock #" + port.order())
                    .hasMessageContaining("rank 3 is taken after rank 1, never before")
                    .hasMessageContaining(Thread.currentThread().getName());
            assertThat(endpoint.isLocked()).isFalse();
            assertThat(HeldLocks.held(LockRank.ENDPOINT)).isZero();
        } finally {
            port.unlock();
        }
        assertThat(HeldLocks.violationCount()).isEqualTo(before + 1);
        assertThat(HeldLocks.heldLocks()).isEmpty();
    }

    @Test
    void runningTotal_countsReentrantHoldsNotRefusedOnes_andCheckNoneReadsIt() {
        RankedLock port = new RankedLock(LockRank.PORT);
        RankedLock endpoint = new RankedLock(LockRank.ENDPOINT);
        HeldLocks.checkNone("nothing held");
        port.lock();
        port.lock();
        try {
            assertThatThrownBy(endpoint::lock).isInstanceOf(HeldLocks.LockOrderViolation.class);
            assertThat(HeldLocks.total()).as("two holds of one lock; the refused one is not counted").isEqualTo(2);
            assertThatThrownBy(() -> HeldLocks.checkNone(HeldLocks.current(), "the handler"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the handler would run user code while holding 2 jmojo lock(s)");
            port.unlock();
            assertThatThrownBy(() -> HeldLocks.checkNone("the handler")).hasMessageContaining("holding 1 jmojo");
        } finally {
            port.unlock();
        }
        assertThat(HeldLocks.total()).isZero();
        HeldLocks.checkNone(HeldLocks.current(), "nothing held");
    }

    @Test
    void everyRankDownwards_allowed() {
        RankedLock[] chain = {
            new RankedLock(LockRank.ENDPOINT), new RankedLock(LockRank.WATCHER), new RankedLock(LockRank.PORT_MAP),
            new RankedLock(LockRank.PORT), new RankedLock(LockRank.PEERS), new RankedLock(LockRank.CHANNEL_WRITE),
            new RankedLock(LockRank.LEAF)
        };
        long before = HeldLocks.violationCount();
        for (RankedLock l : chain) {
            l.lock();
        }
        assertThat(HeldLocks.heldLocks()).containsExactly(chain);
        assertThat(HeldLocks.total()).isEqualTo(chain.length);
        for (int i = chain.length - 1; i >= 0; i--) {
            chain[i].unlock();
        }
        assertThat(HeldLocks.heldLocks()).isEmpty();
        assertThat(HeldLocks.violationCount()).isEqualTo(before);
    }

    @Test
    void portLocks_ascendingAllowed_descendingRefused() {
        RankedLock first = new RankedLock(LockRank.PORT);
        RankedLock second = new RankedLock(LockRank.PORT);
        first.lock();
        second.lock();
        second.unlock();
        first.unlock();
        second.lock();
        try {
            assertThatThrownBy(first::lock)
                    .isInstanceOf(HeldLocks.LockOrderViolation.class)
                    .hasMessageContaining("several rank-3 locks are taken in ascending order only");
        } finally {
            second.unlock();
        }
    }

    @Test
    void twoLocksOfASingleRank_refused() {
        for (LockRank rank : LockRank.values()) {
            if (rank.severalInOrder()) {
                continue;
            }
            RankedLock a = new RankedLock(rank);
            RankedLock b = new RankedLock(rank);
            a.lock();
            try {
                assertThatThrownBy(b::lock)
                        .as(rank.name())
                        .isInstanceOf(HeldLocks.LockOrderViolation.class)
                        .hasMessageContaining("no two rank-" + rank.label() + " locks may be held at once");
            } finally {
                a.unlock();
            }
        }
    }

    @Test
    void reentrantHold_notAViolation() {
        RankedLock port = new RankedLock(LockRank.PORT);
        RankedLock leaf = new RankedLock(LockRank.LEAF);
        port.lock();
        leaf.lock();
        long before = HeldLocks.violationCount();
        leaf.lock(); // the same lock again: no new edge
        leaf.unlock();
        leaf.unlock();
        port.unlock();
        assertThat(HeldLocks.violationCount()).isEqualTo(before);
    }

    @Test
    void recordIsPerThread() throws Exception {
        RankedLock leaf = new RankedLock(LockRank.LEAF);
        RankedLock endpoint = new RankedLock(LockRank.ENDPOINT);
        leaf.lock();
        try {
            // Another thread holds nothing: its rank-1 acquisition is in order.
            CompletableFuture.runAsync(() -> {
                        endpoint.lock();
                        endpoint.unlock();
                    }, r -> Thread.ofPlatform().start(r))
                    .get();
        } finally {
            leaf.unlock();
        }
    }
}
