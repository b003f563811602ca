package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import dev.minternet.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default world's laptop gets its address from the home router's DHCP server: it holds its
 * lease at 0 s in a normal visit, and {@code visit --cold-boot} boots it with no address, so the
 * narration first tells how it joins the network.
 */
class VisitColdBootTest {
    @TempDir
    Path dir;

    private static final Pattern STEP = Pattern.compile("^ ?\\d+\\. \\[(\\d+)\\.(\\d{6}) s \\+(\\d+\\.\\d{3}) ms\\] (.*)$");

    @Test
    void given_a_cold_boot_the_laptop_joins_by_dhcp_and_the_steps_add_up_to_the_visits_start() throws Exception {
        Outcome o = CliTest.exec("visit", "--cold-boot", "--pcap-dir", dir.toString(), "https://www.example.com/");
        assertThat(o.err()).isEmpty();
        assertThat(o.code()).isZero();
        List<String> lines = o.out().lines().toList();
        // the default world's routers booted before 0 s: the warm-up's line comes first (issue 12, item 6)
        assertThat(lines.get(0)).startsWith("Routing: the routers booted 60 s before 0 s");
        lines = lines.subList(1, lines.size());
        assertThat(lines.get(0)).isEqualTo("Joining the network (cold boot): laptop");
        int visit = lines.indexOf("Visit 1: https://www.example.com/");
        assertThat(visit).isPositive();
        List<String> join = lines.subList(0, visit);
        assertThat(String.join("\n", join))
                .contains("Boot: eth0 up with no IPv4 address; dhclient waits a random 1..10 s")
                .contains("] DHCP DISCOVER -> OFFER 192.168.1.10 from home-router (192.168.1.1)")
                .contains("] DHCP REQUEST -> ACK 192.168.1.10 from home-router (192.168.1.1)")
                .contains("] ARP check: is 192.168.1.10 free? (arping -D -c 2, RFC 5227 probes)")
                .contains("] Address up: 192.168.1.10/24 dev eth0")
                .contains("default via 192.168.1.1 dev eth0 proto dhcp; lease 43200 s from 192.168.1.1")
                .contains("gratuitous ARP: 192.168.1.10 is at ");
        // each step lasts until the next; the last ends when the browser starts, the first visit's first step
        long sum = 0;
        long lastStart = -1;
        for (String l : join) {
            Matcher m = STEP.matcher(l);
            if (m.matches()) {
                long start = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
                assertThat(start).isGreaterThanOrEqualTo(lastStart);
                lastStart = start;
                sum += Math.round(Double.parseDouble(m.group(3)) * 1000);
                if (m.group(4).startsWith("DHCP DISCOVER") || m.group(4).startsWith("DHCP REQUEST")) {
                    // a round trip over the laptop's 2 ms cable and the router's: 4 ms and the frames' serialization
                    assertThat(Double.parseDouble(m.group(3))).isBetween(4.0, 4.1);
                }
                if (m.group(4).startsWith("ARP check")) {
                    assertThat(m.group(3)).isEqualTo("2000.000");
                }
            }
        }
        Matcher first = STEP.matcher(lines.get(visit + 1));
        assertThat(first.matches()).isTrue();
        long visitStart = Long.parseLong(first.group(1)) * 1_000_000 + Long.parseLong(first.group(2));
        assertThat(Math.abs(sum - visitStart)).as("the joining's steps add up to the visit's start (us)").isLessThanOrEqualTo(6);
        assertThat(join.get(join.size() - 2)).startsWith("Joined the network in ").endsWith("the browser starts at "
                + first.group(1) + "." + first.group(2) + " s");
        assertThat(o.out()).contains("Page loaded in ");

        Path pcap = dir.resolve("laptop-eth0.pcap");
        assertThat(pcap).exists();
        {
            Tshark.assertClean(pcap);
            assertThat(Tshark.count(pcap, "dhcp.option.dhcp == 1")).isEqualTo(1); // DISCOVER
            assertThat(Tshark.count(pcap, "dhcp.option.dhcp == 2")).isEqualTo(1); // OFFER
            assertThat(Tshark.count(pcap, "dhcp.option.dhcp == 3")).isEqualTo(1); // REQUEST
            assertThat(Tshark.count(pcap, "dhcp.option.dhcp == 5")).isEqualTo(1); // ACK
            assertThat(Tshark.count(pcap, "arp.isprobe")).isEqualTo(2);
            assertThat(Tshark.count(pcap, "arp.isannouncement && arp.src.proto_ipv4 == 192.168.1.10")).isEqualTo(1);
        }
    }

    @Test
    void given_a_normal_visit_the_laptop_already_holds_its_lease_and_sends_no_dhcp() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        Outcome o = CliTest.exec("visit", "--quiet", "--trace", trace.toString(), "https://www.example.com/");
        assertThat(o.code()).isZero();
        assertThat(o.out()).startsWith("Visit 1: https://www.example.com/: page loaded in ");
        java.util.List<dev.minternet.trace.TraceEvent> events = dev.minternet.testing.Traces.read(trace);
        assertThat(events).noneMatch(e -> e.is(dev.minternet.dhcp.DhcpEvents.SEND));
        // the laptop is 192.168.1.10 all along: the home router learns it by ARP
        assertThat(events).anyMatch(e -> e.is(dev.minternet.ip.ArpEvents.STATE)
                && e.get(dev.minternet.ip.ArpEvents.ADDR).equals("192.168.1.10"));
    }

    @Test
    void the_laptop_has_its_address_route_and_nameserver_from_the_lease_and_its_ipv6_address_by_slaac() {
        Outcome ip = CliTest.exec("exec", "laptop", "--", "ip", "route");
        assertThat(ip.out()).isEqualTo("default via 192.168.1.1 dev eth0 proto dhcp \n"
                + "192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 \n");
        Outcome v6 = CliTest.exec("exec", "--at", "5s", "laptop", "--", "ip", "-6", "addr");
        // the home router advertises the first /64 of the home's /56: the laptop's address is that prefix + its EUI-64
        assertThat(v6.out()).contains("    inet6 2001:db8:81:200:c8bf:4dff:fe3e:f3e4/64 scope global dynamic ",
                "    inet6 fe80::c8bf:4dff:fe3e:f3e4/64 scope link ");
        Outcome r6 = CliTest.exec("exec", "--at", "5s", "laptop", "--", "ip", "-6", "route");
        assertThat(r6.out()).contains("2001:db8:81:200::/64 dev eth0 proto kernel", "default via fe80::");
    }

    @Test
    void a_cold_boot_of_a_node_without_dhcp_is_a_usage_error() {
        Outcome o = CliTest.exec("visit", "--cold-boot", "--from", "lb", "https://www.example.com/");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("minternet: --cold-boot: lb gets no address by DHCP in default-internet");
    }
}
