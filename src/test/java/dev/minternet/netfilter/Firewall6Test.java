package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ip6tables: a router's {@code firewall:} rules filter IPv6 as they filter IPv4. A laptop and a
 * CDN host outside, a web server inside (443 open to all, 8080 only from the CDN, by the
 * server's IPv4 address in one rule and its IPv6 address in another), forward policy deny.
 */
class Firewall6Test {
    static final String YAML = """
            name: firewall6
            seed: 6
            duration: 30s
            nodes:
              - {name: a, kind: host, routes: [default via 10.0.1.1, default via 2001:db8:1::1]}
              - {name: cdn, kind: host, routes: [default via 10.0.3.1, default via 2001:db8:3::1]}
              - name: www
                kind: host
                routes: [default via 10.0.2.1, default via 2001:db8:2::1]
                services:
                  - {type: web, port: 443, root: "builtin:default/site"}
                  - {type: web, port: 8080, root: "builtin:default/site"}
              - name: r
                kind: router
                firewall:
                  policy: {forward: deny}
                  rules:
                    - {action: allow, direction: forward, proto: tcp, port: 443, to: 10.0.2.80}
                    - {action: allow, direction: forward, proto: tcp, port: 8080, from: 10.0.3.0/24, to: 10.0.2.80}
                    - {action: allow, direction: forward, proto: icmp}
                    - {action: allow, direction: forward, proto: tcp, port: 443, to: "2001:db8:2::80"}
                    - {action: allow, direction: forward, proto: tcp, port: 8080, from: "2001:db8:3::/64", to: "2001:db8:2::80"}
                    - {action: reject, direction: forward, proto: tcp, port: 25, to: "2001:db8:2::/64"}
            links:
              - {name: l1, a: r 10.0.1.1/24 ipv6 2001:db8:1::1/64, b: a 10.0.1.10/24 ipv6 2001:db8:1::10/64, delay: 1ms}
              - {name: l2, a: r 10.0.2.1/24 ipv6 2001:db8:2::1/64, b: www 10.0.2.80/24 ipv6 2001:db8:2::80/64, delay: 1ms}
              - {name: l3, a: r 10.0.3.1/24 ipv6 2001:db8:3::1/64, b: cdn 10.0.3.10/24 ipv6 2001:db8:3::10/64, delay: 1ms}
            timeline:
              - {at: 1s, on: a, run: "curl -6 -s -o /dev/null -w '%{http_code} %{remote_ip}\\\\n' http://[2001:db8:2::80]:443/"}
              - {at: 2s, on: a, run: "curl -6 -m 2 http://[2001:db8:2::80]:8080/"}
              - {at: 5s, on: cdn, run: "curl -6 -s -o /dev/null -w '%{http_code} %{remote_ip}\\\\n' http://[2001:db8:2::80]:8080/"}
              - {at: 6s, on: a, run: "curl -4 -s -o /dev/null -w '%{http_code} %{remote_ip}\\\\n' http://10.0.2.80:443/"}
              - {at: 7s, on: a, run: "curl -4 -m 2 http://10.0.2.80:8080/"}
              - {at: 10s, on: a, run: "ping -6 -c 1 2001:db8:2::80"}
              - {at: 11s, on: a, run: "curl -6 -m 2 http://[2001:db8:2::80]:22/"}
              - {at: 14s, on: r, run: "iptables -S"}
              - {at: 15s, on: a, run: "curl -6 -m 2 http://[2001:db8:2::80]:25/"}
              - {at: 20s, on: r, run: "ip6tables -L FORWARD -v -n --line-numbers"}
            """;

    static Runs.Result run;

    @BeforeAll
    static void play() {
        run = Runs.run(YAML);
    }

    static List<TraceEvent> verdicts(String target) {
        return run.events(e -> e.is(FirewallEvents.VERDICT) && e.node().equals("r")
                && e.get(FirewallEvents.TARGET).equals(target));
    }

    @Test
    void https_to_the_server_passes_over_ipv6_and_its_answers_pass_as_established() {
        assertThat(run.block("a", "curl -6 -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://[2001:db8:2::80]:443/", 0))
                .containsExactly("200 2001:db8:2::80");
        // the SYN was accepted by the IPv6 rule (rule 4), once; the server's answers by state, untraced
        assertThat(verdicts("ACCEPT")).anySatisfy(e -> {
            assertThat(e.get(FirewallEvents.RULE)).isEqualTo("4");
            assertThat(e.get(FirewallEvents.CTSTATE)).isEqualTo("NEW");
            assertThat(e.get(FirewallEvents.PACKET)).startsWith("tcp [2001:db8:1::10]:").endsWith(" -> [2001:db8:2::80]:443");
        });
        assertThat(run.events(e -> e.is(FirewallEvents.VERDICT) && e.get(FirewallEvents.CHAIN).equals("FORWARD")
                && e.get(FirewallEvents.PACKET).startsWith("tcp [2001:db8:2::80]"))).isEmpty();
    }

    @Test
    void port_8080_from_the_laptop_is_dropped_by_the_policy_over_ipv6_and_ipv4() {
        assertThat(run.block("a", "curl -6 -m 2 http://[2001:db8:2::80]:8080/", 0)).containsExactly(
                "curl: (28) Connection timed out after 2000 milliseconds");
        assertThat(run.block("a", "curl -4 -m 2 http://10.0.2.80:8080/", 0)).containsExactly(
                "curl: (28) Connection timed out after 2000 milliseconds");
        List<TraceEvent> drops = verdicts("DROP");
        assertThat(drops).anySatisfy(e -> {
            assertThat(e.get(FirewallEvents.CHAIN)).isEqualTo("FORWARD");
            assertThat(e.get(FirewallEvents.RULE)).isEqualTo("policy");
            assertThat(e.get(FirewallEvents.MATCH)).isEqualTo("policy deny");
            assertThat(FirewallEvents.isTo(e, "[2001:db8:2::80]", 8080)).isTrue();
            assertThat(e.get(FirewallEvents.PACKET)).startsWith("tcp [2001:db8:1::10]:");
        });
        assertThat(drops).anySatisfy(e -> assertThat(FirewallEvents.isTo(e, "10.0.2.80", 8080)).isTrue());
        // no other port is open either: ssh's port 22 times out the same way
        assertThat(run.block("a", "curl -6 -m 2 http://[2001:db8:2::80]:22/", 0)).containsExactly(
                "curl: (28) Connection timed out after 2000 milliseconds");
    }

    @Test
    void a_reject_rule_answers_an_ipv6_syn_with_a_reset_from_the_address_it_was_sent_to() {
        assertThat(run.block("a", "curl -6 -m 2 http://[2001:db8:2::80]:25/", 0)).singleElement().satisfies(l ->
                assertThat(l).startsWith("curl: (7) Failed to connect to 2001:db8:2::80 port 25 after ")
                        .endsWith(" ms: Couldn't connect to server"));
        assertThat(run.events(e -> e.is(FirewallEvents.RESET) && e.node().equals("r"))).singleElement().satisfies(e -> {
            assertThat(e.get(FirewallEvents.TO)).startsWith("[2001:db8:1::10]:");
            assertThat(e.get(FirewallEvents.FROM)).isEqualTo("[2001:db8:2::80]:25");
        });
        assertThat(verdicts("REJECT")).singleElement().satisfies(e -> assertThat(e.get(FirewallEvents.RULE)).isEqualTo("6"));
    }

    @Test
    void port_8080_from_the_cdn_passes_by_its_ipv6_rule() {
        assertThat(run.block("cdn", "curl -6 -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://[2001:db8:2::80]:8080/", 0))
                .containsExactly("200 2001:db8:2::80");
        assertThat(verdicts("ACCEPT")).anySatisfy(e -> {
            assertThat(e.get(FirewallEvents.RULE)).isEqualTo("5");
            assertThat(e.get(FirewallEvents.MATCH))
                    .isEqualTo("allow forward tcp from 2001:db8:3::/64 to 2001:db8:2::80/128 port 8080");
        });
    }

    @Test
    void ip6tables_counts_each_ipv6_rule_and_the_policy() {
        // 443 from a, 8080 from the CDN, 25 rejected: one SYN each; the policy dropped the laptop's 8080
        // and port 22 SYNs (two each); ping -6's request went by the icmp rule, the rest by state
        assertThat(run.block("r", "ip6tables -L FORWARD -v -n --line-numbers", 0)).containsExactly(
                "Chain FORWARD (policy DROP 4 packets, 320 bytes)",
                "num   pkts bytes target     prot opt in     out     source               destination",
                "1       19  3731 ACCEPT     all  --  *      *       ::/0                 ::/0                 ctstate RELATED,ESTABLISHED",
                "2        1   104 ACCEPT     ipv6-icmp --  *      *       ::/0                 ::/0",
                "3        1    80 ACCEPT     tcp  --  *      *       ::/0                 2001:db8:2::80       tcp dpt:443",
                "4        1    80 ACCEPT     tcp  --  *      *       2001:db8:3::/64      2001:db8:2::80       tcp dpt:8080",
                "5        1    80 REJECT     tcp  --  *      *       ::/0                 2001:db8:2::/64      tcp dpt:25 reject-with tcp-reset");
        Firewall6 fw = (Firewall6) run.world().node("r").ip6().filter();
        assertThat(fw.policyCounter(Direction.FORWARD).packets()).isEqualTo(4);
    }

    @Test
    void ipv4_is_unchanged_and_icmp_means_icmpv6_for_ipv6() {
        assertThat(run.block("a", "curl -4 -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://10.0.2.80:443/", 0))
                .containsExactly("200 10.0.2.80");
        assertThat(run.block("a", "ping -6 -c 1 2001:db8:2::80", 0)).anyMatch(l -> l.contains("1 received"));
        // iptables shows the IPv4 rules only (the IPv6 ones are ip6tables')
        assertThat(run.block("r", "iptables -S", 0)).containsExactly(
                "-P INPUT ACCEPT",
                "-P FORWARD DROP",
                "-P OUTPUT ACCEPT",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A FORWARD -d 10.0.2.80/32 -p tcp -m tcp --dport 443 -j ACCEPT",
                "-A FORWARD -s 10.0.3.0/24 -d 10.0.2.80/32 -p tcp -m tcp --dport 8080 -j ACCEPT",
                "-A FORWARD -p icmp -j ACCEPT",
                "-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    }
}
