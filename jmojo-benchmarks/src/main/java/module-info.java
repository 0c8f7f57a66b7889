/**
 * JMH benchmarks of jmojo, each run against its baselines in the same run; {@code BenchMain} is the
 * entry point of {@code ./jmojo bench}. Run on the class path (JMH forks inherit it); this descriptor
 * keeps the module's dependencies explicit at compile time.
 */
module org.jmojo.benchmarks {
    requires org.jmojo.core;
    requires org.jmojo.bindings;
    requires com.google.protobuf;
    requires jmh.core;
    requires org.agrona;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.inprocess;
    requires io.grpc.netty;
    requires java.logging;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
}
