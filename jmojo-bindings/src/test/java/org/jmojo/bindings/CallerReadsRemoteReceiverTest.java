package org.jmojo.bindings;

/** Every case of {@link RemoteReceiverTest} with {@link Remote.Options#withCallerReads()}: a test thread blocked on a future reads the pipe itself. */
class CallerReadsRemoteReceiverTest extends RemoteReceiverTest {
    @Override
    Remote.Options remoteOptions() {
        return Remote.Options.defaults().withCallerReads();
    }
}
