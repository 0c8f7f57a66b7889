package org.jmojo.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chase chain a converted port records (docs/ports.md, "Orphans": the chain): no link is cut, and an endpoint
 * named more than once keeps one link, the one with the highest sequence, which is the one the chase test needs.
 */
class InsideChainTest {
    private final NameGenerator names = new NameGenerator();

    @Test
    void fortyEndpoints_noLinkCut_innermostFirst() {
        List<Port.InsideOf> rest = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rest.add(new Port.InsideOf(names.nextPortName(), i + 1));
        }
        Port.InsideOf first = new Port.InsideOf(names.nextPortName(), 7);

        List<Port.InsideOf> chain = Node.insideChain(first, rest);

        assertThat(chain).hasSize(41);
        assertThat(chain.getFirst()).isEqualTo(first);
        assertThat(chain.subList(1, 41)).containsExactlyElementsOf(rest);
    }

    @Test
    void anEndpointNamedTwice_oneLink_theHighestSequence_whicheverLocationNamedIt() {
        PortName e = names.nextPortName();
        PortName otherLocationOfE = names.nextLocationOf(e);
        PortName f = names.nextPortName();
        Port.InsideOf first = new Port.InsideOf(e, 3);
        List<Port.InsideOf> rest = List.of(new Port.InsideOf(f, 9), new Port.InsideOf(otherLocationOfE, 5),
                new Port.InsideOf(e, 2));

        List<Port.InsideOf> chain = Node.insideChain(first, rest);

        assertThat(chain).containsExactly(new Port.InsideOf(otherLocationOfE, 5), new Port.InsideOf(f, 9));
    }

    @Test
    void sequencesCompareUnsigned() {
        PortName e = names.nextPortName();
        List<Port.InsideOf> chain = Node.insideChain(new Port.InsideOf(e, Long.MAX_VALUE),
                List.of(new Port.InsideOf(e, Long.MIN_VALUE)));

        assertThat(chain).containsExactly(new Port.InsideOf(e, Long.MIN_VALUE));
    }

    @Test
    void nothingForwarded_theFirstLinkAlone() {
        Port.InsideOf first = new Port.InsideOf(names.nextPortName(), 1);

        assertThat(Node.insideChain(first, null)).containsExactly(first);
        assertThat(Node.insideChain(first, List.of())).containsExactly(first);
    }
}
