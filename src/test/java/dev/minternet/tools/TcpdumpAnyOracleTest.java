package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.PcapFiles;
import dev.minternet.testing.Runs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tcpdump on the default internet's dual-stack laptop, judged by the real tcpdump reading the same
 * packets: {@code -i any} as Linux's cooked capture (LINKTYPE_LINUX_SLL2 when written: every
 * packet, IPv6, ARP and neighbour discovery included, with its interface, direction In, Out, B or
 * M, and with -e the record's interface index, address, protocol and length), and capture filters
 * that match IPv6 as libpcap's do ({@code port 443} on the laptop's IPv6 HTTPS, {@code host} on
 * ARP's addresses, {@code proto 58}, {@code less}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpdumpAnyOracleTest {
    @TempDir
    static Path dir;
    Runs.Result run;

    @BeforeAll
    void capture() throws Exception {
        String yaml = Runs.defaultWorldWith("""
                timeline:
                  - {at: 0s, on: laptop, run: "tcpdump -i any -n"}
                  - {at: 0s, on: laptop, run: "tcpdump -i any -w any.pcap"}
                  - {at: 0s, on: laptop, run: "tcpdump -i eth0 -w eth0.pcap"}
                  - {at: 0s, on: home-router, run: "tcpdump -i any -n -e"}
                  - {at: 0s, on: home-router, run: "tcpdump -i any -w router.pcap"}
                  - {at: 0s, on: isp-a-core, run: "tcpdump -i any -n -vv"}
                  - {at: 0s, on: isp-a-core, run: "tcpdump -i any -w core.pcap"}
                  - {at: 1s, on: laptop, run: "curl -s -o /dev/null https://www.example.com/"}
                  - {at: 3s, on: laptop, run: "ping -c 1 2001:db8:93:32::34"}
                  - {at: 4s, on: laptop, run: "ping -c 1 93.184.216.34"}
                  - {at: 5s, on: laptop, run: "dig +tcp www.example.com"}
                duration: 8s
                """);
        Files.writeString(dir.resolve("w.yaml"), yaml);
        run = Runs.run(ScenarioLoader.load(dir.resolve("w.yaml")), dir, false);
    }

    /** A line without its interface name: the real tcpdump names an index by the reading machine's interfaces. */
    static String unnamed(String l) {
        return l.replaceFirst("^([0-9:.]+ )\\S+ +(In|Out|B|M|P) +", "$1IF $2 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"laptop|any.pcap|", "home-router|router.pcap|-e", "isp-a-core|core.pcap|-vv"})
    void iAny_isLinuxCookedCapture_lineForLineTheRealTcpdumps(String spec) throws Exception {
        String[] p = spec.split("\\|", -1);
        Path pcap = dir.resolve(p[1]);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN).getInt(20)).as("LINKTYPE_LINUX_SLL2").isEqualTo(276);
        List<String> argv = new ArrayList<>(List.of("-n"));
        if (!p[2].isEmpty()) {
            argv.add(p[2]);
        }
        List<String> real = List.of(TcpdumpDefaultWorldOracleTest.real(pcap, argv).split("\n")).stream().map(TcpdumpAnyOracleTest::unnamed).toList();
        // every line of the capture's text: -vv's further lines too (the terminal's other lines are the tools' own)
        List<String> ours = run.terminal(p[0]).stream().filter(l -> l.matches("([0-9]{2}:[0-9]{2}:|\t|    ).*"))
                .map(TcpdumpAnyOracleTest::unnamed).toList();
        assertThat(real).hasSizeGreaterThan(20);
        assertThat(ours).containsExactlyElementsOf(real);
        String all = String.join("\n", ours);
        if (p[0].equals("laptop")) {
            assertThat(all).contains("IF Out IP6 2001:db8:81:200:", "IF Out ARP, Request who-has 192.168.1.1", "IF M IP6 ",
                    "ICMP6, neighbor solicitation", "IF In IP 192.168.1.1.53 > ");
        } else if (p[0].equals("home-router")) {
            assertThat(all).contains("IF In ifindex 2 ", "ethertype IPv6 (0x86dd), length ", "IF Out ifindex 3 ");
        } else {
            assertThat(all).contains("IF In IP (tos 0xc0, ttl 1, ", "OSPFv2, Hello, length 48", "Neighbor List:", "cksum 0x");
        }
    }

    /** Filters on the laptop's Ethernet capture: the packets the real tcpdump keeps, printed as it prints them. */
    @ParameterizedTest
    @ValueSource(strings = {"port 443", "tcp", "udp", "tcp port 443", "src port 443", "portrange 440-450", "host 192.168.1.1",
        "ip host 192.168.1.1", "src host 192.168.1.10", "host 2001:db8:93:32::34", "dst host 2001:db8:93:32::34",
        "net 2001:db8:93::/48", "net 192.168.1.0/24", "ip6 and tcp", "icmp6", "arp", "ip", "not ip", "proto 58", "ip proto 17",
        "udp port 53 or arp", "less 60", "greater 1000", "icmp", "ip6 and not icmp6", "tcp and dst port 443 and greater 100"})
    void filters_keepWhatTheRealTcpdumpKeeps(String filter) throws Exception {
        Path pcap = dir.resolve("eth0.pcap");
        PcapFilter.Matcher m = PcapFilter.compileForFrames(List.of(filter.split(" ")), n -> 0);
        TcpdumpText text = new TcpdumpText(new TcpdumpLine(), TcpdumpText.Options.DEFAULT);
        StringBuilder ours = new StringBuilder();
        for (PcapFiles.Packet k : PcapFiles.packets(pcap)) {
            if (m.matches(k.data())) {
                ByteBuffer h = ByteBuffer.wrap(k.recordHeader()).order(ByteOrder.LITTLE_ENDIAN);
                for (String l : text.lines(Instant.ofEpochSecond(h.getInt(0) & 0xffffffffL, h.getInt(4) & 0xffffffffL), k.data(), true, "")) {
                    ours.append(l).append('\n');
                }
            }
        }
        List<String> argv = new ArrayList<>(List.of("-n"));
        argv.addAll(List.of(filter.split(" ")));
        assertThat(ours.toString()).as(filter).isEqualTo(TcpdumpDefaultWorldOracleTest.real(pcap, argv));
    }

    /** The laptop's HTTPS goes over IPv6: -i any shows it (it showed IPv4 alone before). */
    @Test
    void iAny_showsTheLaptopsIpv6Https() {
        assertThat(run.terminal("laptop")).anyMatch(l -> l.contains("Out IP6 ") && l.contains(".443: Flags [S]"));
    }
}
