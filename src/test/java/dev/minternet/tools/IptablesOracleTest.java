package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real iptables 1.8.9 (nf_tables) is the judge of {@code ip6tables} and {@code iptables}:
 * the router's {@code firewall:} rules below are written by hand as ip6tables and iptables
 * commands, loaded into the real tools in a fresh network namespace ({@code unshare -n}, as root),
 * and every listing ({@code -S}, {@code -S CHAIN}, {@code -L -n} with {@code -v}, {@code -x},
 * {@code --line-numbers}, one chain, the nat table) must print what the simulated tools print
 * for the scenario. Nothing has passed the firewall when it is listed, so every counter is 0 on
 * both sides. Two differences are known and taken out before comparing: the real tool pads its
 * last column with spaces where ours ends the line, and iptables 1.8.9 alone prints the protocol
 * column as a number under {@code -n} ({@code 6}, {@code 58}; 1.8.8 and ours print the name
 * {@code tcp}, {@code ipv6-icmp}, as every version does without {@code -n}). OUTPUT has no implicit
 * stateful rule: a written rule names {@code established} there.
 */
class IptablesOracleTest {
    static final String YAML = """
            name: iptables-oracle
            duration: 1s
            nodes:
              - {name: a, kind: host, routes: [default via 10.0.1.1, default via 2001:db8:1::1]}
              - {name: www, kind: host, routes: [default via 10.0.2.1, default via 2001:db8:2::1]}
              - name: r
                kind: router
                firewall:
                  policy: {in: deny, forward: deny}
                  rules:
                    - {action: allow, direction: in, proto: tcp, port: 22}
                    - {action: reject, direction: in, proto: tcp, port: 23}
                    - {action: reject, direction: in, proto: udp, port: 7}
                    - {action: allow, direction: in, proto: icmp}
                    - {action: deny, direction: in, proto: icmpv6, from: "2001:db8:bad::/48"}
                    - {action: allow, direction: forward, proto: tcp, port: 443, to: "2001:db8:2::80"}
                    - {action: allow, direction: forward, proto: udp, port: 33434-33534, to: "2001:db8:2::80"}
                    - {action: allow, direction: forward, from: "2001:db8:1::/64"}
                    - {action: allow, direction: forward, proto: tcp, port: 8080, from: "2001:db8:3::/64", to: "2001:db8:2::80"}
                    - {action: allow, direction: forward, from: "2001:db8:1:0:aaaa:bbbb:cccc:dddd", to: "2001:db8:1234:5678:9abc:def0:1234:5670/124"}
                    - {action: allow, direction: forward, proto: tcp, port: 443, to: 10.0.2.80}
                    - {action: allow, direction: forward, from: 10.0.1.0/24}
                    - {action: reject, direction: forward, proto: udp, port: 5000-5010, from: 10.0.0.0/8, to: 10.0.2.0/24}
                    - {action: deny, direction: out, state: [invalid]}
                    - {action: allow, direction: out, proto: udp, port: 53, state: [new, established]}
            links:
              - {name: l1, a: r 10.0.1.1/24 ipv6 2001:db8:1::1/64, b: a 10.0.1.10/24 ipv6 2001:db8:1::10/64, delay: 1ms}
              - {name: l2, a: r 10.0.2.1/24 ipv6 2001:db8:2::1/64, b: www 10.0.2.80/24 ipv6 2001:db8:2::80/64, delay: 1ms}
            timeline:
            %s
            """;

    /** The same rules for the real ip6tables, as a person would type them. */
    static final List<String> RULES6 = List.of(
            "-P INPUT DROP",
            "-P FORWARD DROP",
            "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A INPUT -p tcp --dport 22 -j ACCEPT",
            "-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset",
            "-A INPUT -p udp --dport 7 -j REJECT",
            "-A INPUT -p icmpv6 -j ACCEPT",
            "-A INPUT -s 2001:db8:bad::/48 -p icmpv6 -j DROP",
            "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -d 2001:db8:2::80 -p tcp --dport 443 -j ACCEPT",
            "-A FORWARD -d 2001:db8:2::80 -p udp --dport 33434:33534 -j ACCEPT",
            "-A FORWARD -s 2001:db8:1::/64 -j ACCEPT",
            "-A FORWARD -s 2001:db8:3::/64 -d 2001:db8:2::80 -p tcp --dport 8080 -j ACCEPT",
            "-A FORWARD -s 2001:db8:1:0:aaaa:bbbb:cccc:dddd -d 2001:db8:1234:5678:9abc:def0:1234:5670/124 -j ACCEPT",
            "-A OUTPUT -m conntrack --ctstate INVALID -j DROP",
            "-A OUTPUT -p udp --dport 53 -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT");

    /** And for the real iptables: the rules without IPv6 addresses and icmpv6. */
    static final List<String> RULES4 = List.of(
            "-P INPUT DROP",
            "-P FORWARD DROP",
            "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A INPUT -p tcp --dport 22 -j ACCEPT",
            "-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset",
            "-A INPUT -p udp --dport 7 -j REJECT",
            "-A INPUT -p icmp -j ACCEPT",
            "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -d 10.0.2.80 -p tcp --dport 443 -j ACCEPT",
            "-A FORWARD -s 10.0.1.0/24 -j ACCEPT",
            "-A FORWARD -s 10.0.0.0/8 -d 10.0.2.0/24 -p udp --dport 5000:5010 -j REJECT",
            "-A OUTPUT -m conntrack --ctstate INVALID -j DROP",
            "-A OUTPUT -p udp --dport 53 -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT");

    /** The listings compared, each run by both tools. */
    static final List<String> LISTINGS = List.of(
            "-S",
            "-S FORWARD",
            "-L -n",
            "-L -n -v",
            "-L -n -v -x --line-numbers",
            "-L INPUT -n --line-numbers",
            "-t nat -S");
    /** Listings of ip6tables only (the simulated iptables lists only the nat chains NAT uses). */
    static final List<String> LISTINGS6 = List.of("-t nat -L -n");

    static Path unshare;
    static Runs.Result run;

    @BeforeAll
    static void setUp() {
        Oracles.require("ip6tables", "iptables");
        Oracles.require("iptables", "iptables");
        unshare = Oracles.require("unshare", "util-linux");
        StringBuilder timeline = new StringBuilder();
        for (String tool : List.of("iptables", "ip6tables")) {
            for (String l : listings(tool)) {
                timeline.append("  - {at: 0s, on: r, run: \"").append(tool).append(' ').append(l).append("\"}\n");
            }
        }
        run = Runs.run(YAML.formatted(timeline.toString().stripTrailing()));
    }

    static List<String> listings(String tool) {
        List<String> all = new ArrayList<>(LISTINGS);
        if (tool.equals("ip6tables")) {
            all.addAll(LISTINGS6);
        }
        return all;
    }

    /** Loads {@code rules} into {@code tool} in a new network namespace and runs every listing there. */
    static Map<String, List<String>> real(String tool, List<String> rules) throws Exception {
        String marker = "=====";
        StringBuilder script = new StringBuilder("set -e\n");
        for (String r : rules) {
            script.append(tool).append(' ').append(r).append('\n');
        }
        for (String l : listings(tool)) {
            script.append("echo '").append(marker).append(l).append("'\n").append(tool).append(' ').append(l).append('\n');
        }
        ProcessBuilder pb = new ProcessBuilder(unshare.toString(), "-n", "sh", "-c", script.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // A machine that may not make network namespaces, or whose kernel has no netfilter, cannot
        // host the real tool at all: that is the machine, not a missing package, so even a run that
        // requires oracles skips here (with the reason) rather than fail.
        if (p.exitValue() != 0 && (err.contains("unshare failed") || err.contains("Permission denied")
                || err.contains("Operation not permitted") || err.contains("Protocol not supported")
                || err.contains("Could not fetch rule set generation id") || err.contains("can't initialize"))) {
            Assumptions.abort("cannot load rules into a new network namespace here: " + err.strip());
        }
        assertThat(p.exitValue()).as(tool + " in a new network namespace: " + err).isZero();
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> cur = null;
        for (String line : out.split("\n", -1)) {
            if (line.startsWith(marker)) {
                cur = new ArrayList<>();
                blocks.put(line.substring(marker.length()), cur);
            } else if (cur != null) {
                cur.add(line);
            }
        }
        for (List<String> b : blocks.values()) {
            if (!b.isEmpty() && b.get(b.size() - 1).isEmpty()) {
                b.remove(b.size() - 1); // the newline ending the output
            }
        }
        return blocks;
    }

    /** The two known differences taken out: trailing spaces, and 1.8.9's protocol numbers under -n. */
    static List<String> normalized(List<String> lines, boolean numeric) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            l = l.stripTrailing();
            if (numeric) {
                l = protocolName(l);
            }
            out.add(l);
        }
        return out;
    }

    /** A rule line's protocol column (after the target) as a name: 0 all, 1 icmp, 6 tcp, 17 udp, 58 ipv6-icmp. */
    static String protocolName(String line) {
        String[] names = {"0", "all", "1", "icmp", "6", "tcp", "17", "udp", "58", "ipv6-icmp"};
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^(\\s*(?:\\d+\\s+)*(?:ACCEPT|DROP|REJECT)\\s+)(\\d+)(\\s+)").matcher(line);
        if (!m.find()) {
            return line;
        }
        for (int i = 0; i < names.length; i += 2) {
            if (names[i].equals(m.group(2))) {
                String name = names[i + 1];
                // the name takes the number's place in the 4-wide column (a longer one pushes on, one space after)
                String pad = name.length() >= 4 ? " " : " ".repeat(Math.max(1, m.group(2).length() + m.group(3).length() - name.length()));
                return m.group(1) + name + pad + line.substring(m.end());
            }
        }
        return line;
    }

    void compare(String tool, List<String> rules) throws Exception {
        Map<String, List<String>> real = real(tool, rules);
        assertThat(real.keySet()).containsExactlyElementsOf(listings(tool));
        for (String l : listings(tool)) {
            boolean numeric = Arrays.asList(l.split(" ")).contains("-n");
            assertThat(run.block("r", tool + " " + l, 0)).as(tool + " " + l)
                    .containsExactlyElementsOf(normalized(real.get(l), numeric));
        }
    }

    @Test
    void ip6tables_lists_the_ipv6_rules_as_the_real_ip6tables_does() throws Exception {
        compare("ip6tables", RULES6);
    }

    @Test
    void iptables_lists_the_ipv4_rules_only_as_the_real_iptables_does() throws Exception {
        compare("iptables", RULES4);
    }

    @Test
    void the_protocol_column_is_renamed_in_place() {
        assertThat(protocolName("ACCEPT     6    --  ::/0")).isEqualTo("ACCEPT     tcp  --  ::/0");
        assertThat(protocolName("1        0     0 DROP       58   --  *")).isEqualTo("1        0     0 DROP       ipv6-icmp --  *");
        assertThat(protocolName("       0        0 ACCEPT     17   --  *")).isEqualTo("       0        0 ACCEPT     udp  --  *");
        assertThat(protocolName("Chain INPUT (policy DROP)")).isEqualTo("Chain INPUT (policy DROP)");
    }
}
