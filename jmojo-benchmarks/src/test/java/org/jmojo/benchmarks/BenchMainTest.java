package org.jmojo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    @Test
    void coreSettings_noOption_defaultRounds() {
        assertThat(BenchMain.coreSettings("core")).isEqualTo(CoreBench.DEFAULT);
    }

    @Test
    void coreSettings_rounds_replacesOnlyTheRoundCount() {
        CoreBench.Settings s = BenchMain.coreSettings("core", "--rounds", "25");

        assertThat(s.rounds()).isEqualTo(25);
        assertThat(s.withRounds(CoreBench.DEFAULT.rounds())).isEqualTo(CoreBench.DEFAULT);
    }

    @Test
    void coreSettings_badArguments_errorNamingThem() {
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--rounds", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be a positive integer: 0");
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--rounds", "ten"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be a positive integer: ten");
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--rounds"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds needs a count");
        assertThatThrownBy(() -> BenchMain.coreSettings("core", "--forks", "3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown argument for core: --forks");
        assertThatThrownBy(() -> BenchMain.coreSettings("cor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": cor");
    }

    @Test
    void rpcRounds_defaultOrGiven_badArgumentsNamed() {
        assertThat(BenchMain.rpcRounds("rpc")).isEqualTo(RpcBench.DEFAULT_ROUNDS);
        assertThat(BenchMain.rpcRounds("rpc", "--rounds", "3")).isEqualTo(3);
        assertThatThrownBy(() -> BenchMain.rpcRounds("rpc", "--rounds", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be a positive integer: -1");
        assertThatThrownBy(() -> BenchMain.rpcRounds("rpc", "--forks", "3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--forks");
    }

    @Test
    void rpcStacks_eachMovesThePointAndCountsEveryOneWayCall() throws Exception {
        org.jmojo.benchmarks.rpc.generated.Point p = org.jmojo.benchmarks.rpc.generated.Point.newBuilder()
                .setX(1).setY(2).setLabel("p").build();
        for (String name : RpcBench.STACKS) {
            try (RpcStacks.Stack stack = RpcStacks.open(name)) {
                assertThat(stack.move(p)).as(name).isEqualTo(RpcStacks.moved(p));
                stack.oneWay(p, 500); // throws unless the server counted all 500
                stack.oneWay(p, 1);
            }
        }
        assertThatThrownBy(() -> RpcStacks.open("thrift")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": thrift");
    }

    @Test
    void transports_unknownName_illegalArgumentNamingIt() {
        assertThatThrownBy(() -> Transports.echo("zeromq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown transport").hasMessageEndingWith(": zeromq");
    }

    @Test
    void transports_eachEchoesAndDrains_thenStops() {
        byte[] payload = {1, 2, 3};
        for (String t : List.of(Transports.JMOJO_PASSED, Transports.JMOJO, Transports.AGRONA, Transports.LTQ)) {
            try (Transports.Echo echo = Transports.echo(t)) {
                for (int i = 0; i < 100; i++) {
                    assertThat(echo.roundTrip(payload)).as(t).containsExactly(1, 2, 3);
                }
            }
            if (t.equals(Transports.JMOJO_PASSED)) {
                continue; // a round-trip-only variant
            }
            try (Transports.Sink sink = Transports.sink(t)) {
                for (int i = 0; i < 3 * Transports.WINDOW; i++) {
                    sink.send(payload);
                }
            }
        }
    }
}
