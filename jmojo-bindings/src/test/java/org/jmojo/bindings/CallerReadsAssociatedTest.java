package org.jmojo.bindings;

/**
 * Every case of {@link AssociatedTest} with {@link Remote.Options#withCallerReads()} on the primary remote: a test
 * thread blocked on a future reads the pipe itself, and stops where a message waits for its end to be bound.
 */
class CallerReadsAssociatedTest extends AssociatedTest {
    @Override
    Remote.Options remoteOptions() {
        return Remote.Options.defaults().withCallerReads();
    }
}
