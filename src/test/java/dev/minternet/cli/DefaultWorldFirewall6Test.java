package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default world's firewall over IPv6 (ip6tables): HTTPS to the load balancer passes, its
 * origin port 8080 is open to the CDN's shield only, the laptop's SYN to it is dropped by the
 * forward policy, and the answers to what passed come back by state.
 */
class DefaultWorldFirewall6Test {
    static final String W = "-o /dev/null -w '%{http_code} %{remote_ip}\\\\n'";

    @Test
    void over_ipv6_https_passes_8080_is_the_cdns_only_and_replies_pass_by_state() {
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n") + """
                timeline:
                  - {at: 1s, on: laptop, run: "curl -6 -s %1$s https://www.example.com/"}
                  - {at: 2s, on: laptop, run: "curl -6 -m 2 http://[2001:db8:93:32::34]:8080/"}
                  - {at: 5s, on: cdn-shield, run: "curl -6 -s %1$s http://[2001:db8:93:32::34]:8080/"}
                  - {at: 6s, on: laptop, run: "curl -4 -s %1$s https://www.example.com/"}
                  - {at: 8s, on: firewall, run: "ip6tables -S FORWARD"}
                  - {at: 8s, on: firewall, run: "iptables -S FORWARD"}
                """.formatted(W);
        Runs.Result r = Runs.run(yaml);
        assertThat(r.terminal("laptop")).containsSubsequence("200 2001:db8:93:32::34",
                "curl: (28) Connection timed out after 2000 milliseconds", "200 93.184.216.34");
        assertThat(r.terminal("cdn-shield")).contains("200 2001:db8:93:32::34");
        // ip6tables lists the rules with IPv6 addresses and the icmp rule both families share; iptables none of them
        assertThat(r.block("firewall", "ip6tables -S FORWARD", 0)).containsExactly(
                "-P FORWARD DROP",
                "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A FORWARD -p ipv6-icmp -j ACCEPT",
                "-A FORWARD -d 2001:db8:93:32::34/128 -p tcp -m tcp --dport 80 -j ACCEPT",
                "-A FORWARD -d 2001:db8:93:32::34/128 -p tcp -m tcp --dport 443 -j ACCEPT",
                "-A FORWARD -d 2001:db8:93:32::34/128 -p udp -m udp --dport 33434:33534 -j ACCEPT",
                "-A FORWARD -s 2001:db8:93::/48 -j ACCEPT",
                "-A FORWARD -d 2001:db8:93:48::50/128 -p tcp -m tcp --dport 443 -j ACCEPT",
                "-A FORWARD -s 2001:db8:151::/48 -d 2001:db8:93:32::34/128 -p tcp -m tcp --dport 8080 -j ACCEPT",
                "-A FORWARD -s 2001:db8:152::/48 -d 2001:db8:93:32::34/128 -p tcp -m tcp --dport 8080 -j ACCEPT",
                "-A FORWARD -s 2001:db8:153::/48 -d 2001:db8:93:32::34/128 -p tcp -m tcp --dport 8080 -j ACCEPT");
        assertThat(r.block("firewall", "iptables -S FORWARD", 0)).contains("-A FORWARD -p icmp -j ACCEPT")
                .noneMatch(l -> l.contains("2001:db8"));
        List<TraceEvent> fw = r.events(e -> e.is(FirewallEvents.VERDICT) && e.node().equals("firewall")
                && e.get(FirewallEvents.CHAIN).equals("FORWARD"));
        assertThat(fw).anySatisfy(e -> {
            assertThat(e.get(FirewallEvents.TARGET)).isEqualTo("DROP");
            assertThat(e.get(FirewallEvents.RULE)).isEqualTo("policy");
            assertThat(FirewallEvents.isTo(e, "[2001:db8:93:32::34]", 8080)).isTrue();
        });
        assertThat(fw).anySatisfy(e -> {
            assertThat(e.get(FirewallEvents.TARGET)).isEqualTo("ACCEPT");
            assertThat(e.get(FirewallEvents.PACKET)).startsWith("tcp [2001:db8:153::10]:");
            assertThat(FirewallEvents.isTo(e, "[2001:db8:93:32::34]", 8080)).isTrue();
        });
        // no reply from the load balancer was judged by a rule: they passed as ESTABLISHED
        assertThat(fw).noneMatch(e -> e.get(FirewallEvents.PACKET).startsWith("tcp [2001:db8:93:32::34]"));
        assertThat(fw).noneMatch(e -> e.get(FirewallEvents.TARGET).equals("DROP")
                && !FirewallEvents.isTo(e, "[2001:db8:93:32::34]", 8080));
    }
}
