package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;

/** Wireshark's DNS dissector, an independent implementation, reads every DNS packet we sent. */
class DnsPcapTest {
    @TempDir
    Path dir;

    @Test
    void tshark_decodes_every_dns_packet_and_agrees_with_the_trace() throws Exception {
        Oracles.tshark();
        Path pcaps = dir.resolve("pcap");
        String yaml = DnsWorlds.scenario(dir, """
                  - {at: 1s, on: laptop, run: "dig www.example.com"}
                  - {at: 2s, on: laptop, run: "dig nosuch.example.com"}
                  - {at: 3s, on: laptop, run: "dig +short shop.example.com"}
                  - {at: 4s, on: laptop, run: "dig +trace www.example.com"}
                  - {at: 5s, on: laptop, run: "dig @192.5.6.30 +norecurse example.com MX"}
                  - {at: 6s, on: laptop, run: "dig +short big.example.com TXT"}
                  - {at: 7s, on: laptop, run: "dig +noedns +norecurse @199.43.135.53 big.example.com TXT"}
                  - {at: 8s, on: laptop, run: "dig @192.5.6.30 nosuch.com"}
                  - {at: 9s, on: laptop, run: "dig huge.example.com TXT"}
                  - {at: 10s, on: laptop, run: "dig +tcp +short www.example.com"}
                """);
        Runs.Result r = Runs.run(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml), pcaps, true);

        // Every (id, qname, is-response) the trace says was sent or received.
        Set<String> traced = new HashSet<>();
        for (TraceEvent e : r.events(DnsEvents.QUERY)) {
            traced.add(e.num(DnsEvents.ID) + " " + e.get(DnsEvents.QNAME) + " 0");
        }
        for (TraceEvent e : r.events(DnsEvents.RESPONSE)) {
            List<String> f = List.of(e.get(DnsEvents.FLAGS).trim().split(" "));
            traced.add(e.num(DnsEvents.ID) + " " + e.get(DnsEvents.QNAME) + " 1 " + e.num(DnsEvents.ANSWERS) + " aa=" + f.contains("aa")
                    + " rd=" + f.contains("rd") + " ra=" + f.contains("ra") + " tc=" + f.contains("tc") + " rcode="
                    + Rcode.value(e.get(DnsEvents.RCODE)));
        }
        Set<String> seen = new HashSet<>();
        int packets = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(pcaps)) {
            // Every DNS packet starts or ends at a host, so the hosts' captures hold them all
            // (routers' captures would only repeat them, at the cost of more tshark runs).
            files = s.filter(p -> p.toString().endsWith(".pcap"))
                    .filter(p -> !p.getFileName().toString().matches("(home|isp|ix)-eth\\d+\\.pcap")).sorted().toList();
        }
        for (Path p : files) {
            Tshark.assertClean(p);
            for (Map<String, String> row : Tshark.fields(p, "dns", "dns.id", "dns.qry.name", "dns.flags.response",
                    "dns.count.answers", "dns.flags.authoritative", "dns.flags.recdesired", "dns.flags.recavail",
                    "dns.flags.truncated", "dns.flags.rcode")) {
                packets++;
                long id = Long.decode(row.get("dns.id"));
                boolean response = row.get("dns.flags.response").equals("1") || row.get("dns.flags.response").equals("True");
                String qname = row.get("dns.qry.name").equals("<Root>") ? "." : row.get("dns.qry.name");
                String key = id + " " + qname + (response ? " 1 " + row.get("dns.count.answers")
                        + " aa=" + bool(row.get("dns.flags.authoritative")) + " rd=" + bool(row.get("dns.flags.recdesired"))
                        + " ra=" + bool(row.get("dns.flags.recavail")) + " tc=" + bool(row.get("dns.flags.truncated"))
                        + " rcode=" + Long.decode(row.get("dns.flags.rcode")) : " 0");
                seen.add(key);
            }
        }
        assertThat(packets).isGreaterThan(40);
        assertThat(traced).isEqualTo(seen);
        assertThat(seen).anyMatch(k -> k.contains("tc=true")).anyMatch(k -> k.contains("rcode=3"));
        // DNS over TCP is among them (length-framed in TCP segments, RFC 7766).
        assertThat(r.events(DnsEvents.QUERY)).filteredOn(e -> e.get(DnsEvents.TRANSPORT).equals("tcp")).hasSizeGreaterThan(3);
    }

    /** tshark prints booleans as 1/0 or True/False depending on its version. */
    static boolean bool(String v) {
        return v.equals("1") || v.equalsIgnoreCase("true");
    }
}
