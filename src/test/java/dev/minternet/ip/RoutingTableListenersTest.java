package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A protocol that replaces its routes tells the others (BGP hears OSPF's new set and re-resolves). */
class RoutingTableListenersTest {
    @Test
    void installed_tells_every_listener_which_protocol_and_nothing_else_does() {
        RoutingTable t = new RoutingTable();
        List<String> heard = new ArrayList<>();
        t.installed("ospf"); // nobody listens yet
        t.onInstalled(heard::add);
        t.onInstalled(p -> heard.add("second:" + p));
        t.removeProto("ospf"); // removing alone is not news
        t.installed("ospf");
        t.installed("bgp");
        assertThat(heard).containsExactly("ospf", "second:ospf", "bgp", "second:bgp");
    }
}
