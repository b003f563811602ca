package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.netfilter.NatEvents;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultWorldTest {

    @Test
    void the_default_world_read_ahead_on_another_thread_is_the_one_read_in_place() throws Exception {
        DefaultWorld.readAhead(false);
        Scenario ahead = DefaultWorld.load();
        Scenario here = DefaultWorld.load(); // read in place: the read-ahead is taken once
        assertThat(ahead).isNotSameAs(here);
        assertThat(ahead).isEqualTo(here);
        assertThat(ahead.toString()).isEqualTo(here.toString());
    }

    @Test
    void the_default_world_loads_and_reaches_the_data_centre_over_the_peering_path() throws Exception {
        Scenario s = DefaultWorld.load();
        assertThat(s.nodes()).extracting(Scenario.NodeSpec::name)
                .contains("laptop", "home-router", "isp-a-resolver", "ixp", "lb", "web-1", "web-2", "web-3", "app", "db",
                        "a-root", "m-root");
        Runs.Result r = Runs.run(s, null, false);
        List<String> t = r.terminal("laptop");
        assertThat(t).contains("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        assertThat(t).anyMatch(l -> l.startsWith(" 5  cloud-edge (185.1.1.2)"));
        assertThat(t).anyMatch(l -> l.startsWith(" 9  lb (93.184.216.34)"));
    }

    @Test
    void when_the_peering_fails_the_route_moves_to_transit() throws Exception {
        String yaml = DefaultWorld.text().replaceAll("(?s)timeline:.*", "") + """
                timeline:
                  - {at: 1s, fail-link: peering}
                  - {at: 2s, on: laptop, run: "traceroute -n lb"}
                  - {at: 10s, on: laptop, run: "ping -c 1 lb"}
                """;
        Runs.Result r = Runs.run(yaml);
        List<String> t = r.terminal("laptop");
        assertThat(t).anyMatch(l -> l.startsWith(" 4  62.40.0.1 "));
        TraceEvent reply = r.events(ToolEvents.PING_REPLY).get(0);
        assertThat(reply.num(ToolEvents.RTT_NS)).isGreaterThan(60_000_000L); // the long-haul detour
    }

    @Test
    void the_data_centre_serves_the_site_and_the_api_over_https_through_nat_and_the_firewall() {
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n") + """
                timeline:
                  - {at: 1s, on: laptop, run: "curl -s https://www.example.com/"}
                  - {at: 2s, on: laptop, run: "curl -s -o /dev/null -w '%{http_code} %{content_type} %{http_version}\\\\n' https://example.com/css/site.css"}
                  - {at: 3s, on: laptop, run: "curl -s https://www.example.com/api/users"}
                  - {at: 4s, on: laptop, run: "curl -sS --connect-timeout 2 http://93.184.216.34:22/"}
                """;
        Runs.Result r = Runs.run(yaml);
        String t = String.join("\n", r.terminal("laptop"));
        assertThat(t).contains("<title>Example Domain</title>", "href=\"https://static.example.com/css/site.css\"",
                "src=\"https://static.example.com/img/hero.png\"");
        assertThat(t).contains("200 text/css; charset=utf-8 2");
        assertThat(r.text()).contains("Ada Lovelace");
        assertThat(t).contains("Failed to connect to 93.184.216.34 port 22 after 2000 ms");
        assertThat(r.events(NatEvents.TRANSLATE)).anyMatch(e -> e.node().equals("home-router"));
        assertThat(r.events(FirewallEvents.VERDICT)).anyMatch(e -> e.node().equals("firewall") && e.get(FirewallEvents.TARGET).equals("DROP"));
    }
}
