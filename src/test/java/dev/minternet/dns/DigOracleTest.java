package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.PcapFiles;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our dig against BIND 9.18's dig on the same server bytes: the real dig asks our authoritative
 * server or resolver through a loopback socket ({@link LoopbackDns}), our dig asks the same server
 * inside the world, and both outputs must agree line for line once the lines that differ by
 * nature are masked (the version and command line, the message ID, the query time, the server's
 * address and port, the date, the cookie's bytes; not its verdict, and not the message size).
 */
class DigOracleTest {
    /** Names of growing length in a CNAME chain, so one answer shows every column rule. */
    static final String COLUMNS = """
            c1 300 IN CNAME c-twenty-one-chars.example.com.
            c-twenty-one-chars 300 IN CNAME c-the-name-is-thirty-one.example.com.
            c-the-name-is-thirty-one 300 IN CNAME c-and-this-name-reaches-thirty-nine.example.com.
            c-and-this-name-reaches-thirty-nine 2147483647 IN CNAME c-a-name-long-enough-to-pass-every-column-of-dig.example.com.
            c-a-name-long-enough-to-pass-every-column-of-dig 86400 IN CNAME c-x.example.com.
            c-x 7 IN A 192.0.2.7
            sixteen-chars-xx 300 IN MX 10 mail.example.com.
            text 300 IN TXT "v=spf1 -all" "two \\"quoted\\" strings; and a backslash \\\\"
            _sip._tcp 300 IN SRV 10 60 5060 sip.example.com.
            v6 300 IN AAAA 2001:db8::10
            """;

    @TempDir
    Path dir;
    String yaml;

    @BeforeEach
    void world() throws Exception {
        yaml = DnsWorlds.scenario(dir, "");
        Files.writeString(dir.resolve("example.com.zone"), DnsWorlds.EXAMPLE_COM + COLUMNS);
    }

    /** Our dig's output on the laptop for {@code args}. */
    List<String> ours(String args) {
        Runs.Result r = Runs.runIn(dir, yaml + "  - {at: 1s, on: laptop, run: \"dig " + args + "\"}\n");
        return r.terminal("laptop");
    }

    /** The real dig's output for {@code args}, asking {@code serverNode} of a fresh copy of the world. */
    List<String> real(String serverNode, String args) throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml));
        try (LoopbackDns bridge = new LoopbackDns(w, w.node(serverNode), Ip4.parse("192.168.1.10"))) {
            List<String> a = new ArrayList<>(List.of("@127.0.0.1", "-p", Integer.toString(bridge.port())));
            a.addAll(Arrays.asList(args.split(" ")));
            String out = bridge.run(Oracles.require("dig", "bind9-dnsutils"), a.toArray(new String[0]));
            return out.lines().toList();
        }
    }

    static List<String> masked(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String m = l;
            if (m.startsWith("; <<>> DiG ")) {
                m = "; <<>> DiG (version and arguments)";
            }
            m = m.replaceAll("id: \\d+$", "id: (id)")
                    .replaceAll("^;; Query time: \\d+ msec$", ";; Query time: (t) msec")
                    .replaceAll("^;; SERVER: .*\\((UDP|TCP)\\)$", ";; SERVER: (server) ($1)")
                    .replaceAll("^;; WHEN: .*", ";; WHEN: (date)")
                    .replaceAll("^; COOKIE: [0-9a-f]+ ", "; COOKIE: (hex) ")
                    .replaceAll("^; COOKIE: [0-9a-f]+$", "; COOKIE: (hex)");
            out.add(m);
        }
        return out;
    }

    void same(String server, String serverAddress, String args) throws Exception {
        List<String> real = real(server, args);
        List<String> ours = ours("@" + serverAddress + " " + args);
        assertThat(masked(ours)).as("ours:\n%s\nreal:\n%s", String.join("\n", ours), String.join("\n", real))
                .isEqualTo(masked(real));
    }

    @Test
    void an_authoritative_answer_reads_the_same_in_both_digs() throws Exception {
        same("ns1", "199.43.135.53", "www.example.com");
    }

    @Test
    void names_of_every_length_sit_in_the_same_columns() throws Exception {
        same("ns1", "199.43.135.53", "c1.example.com");
        same("ns1", "199.43.135.53", "c-a-name-long-enough-to-pass-every-column-of-dig.example.com");
        same("ns1", "199.43.135.53", "sixteen-chars-xx.example.com MX");
    }

    @Test
    void record_data_of_several_types_prints_as_bind_prints_it() throws Exception {
        same("ns1", "199.43.135.53", "text.example.com TXT");
        same("ns1", "199.43.135.53", "_sip._tcp.example.com SRV");
        same("ns1", "199.43.135.53", "v6.example.com AAAA");
        same("ns1", "199.43.135.53", "example.com SOA");
        same("ns1", "199.43.135.53", "example.com NS");
    }

    @Test
    void negative_answers_and_refusals_read_the_same() throws Exception {
        same("ns1", "199.43.135.53", "nosuch.example.com");
        same("ns1", "199.43.135.53", "www.example.com MX");
        same("ns1", "199.43.135.53", "www.wikipedia.org");
    }

    @Test
    void a_referral_without_recursion_reads_the_same() throws Exception {
        same("gtld", "192.5.6.30", "+norecurse www.example.com");
    }

    @Test
    void a_resolver_answer_has_ra_and_its_own_cookie() throws Exception {
        same("isp-dns", "100.64.1.53", "shop.example.com");
        List<String> ours = ours("@100.64.1.53 www.example.com");
        assertThat(ours).contains(";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1")
                .anyMatch(l -> l.matches("; COOKIE: [0-9a-f]{16}01000000[0-9a-f]{24} \\(good\\)"));
    }

    @Test
    void display_switches_select_the_same_parts() throws Exception {
        same("ns1", "199.43.135.53", "www.example.com +short");
        same("ns1", "199.43.135.53", "c1.example.com +noall +answer");
        same("ns1", "199.43.135.53", "www.example.com +noall +answer +stats");
        same("ns1", "199.43.135.53", "www.example.com +nocomments");
        same("ns1", "199.43.135.53", "www.example.com +nocmd +noquestion");
        same("ns1", "199.43.135.53", "www.example.com +nocookie +noadflag");
    }

    @Test
    void both_digs_send_the_same_query_but_for_the_id_and_the_cookie() throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml));
        byte[] realQuery;
        try (LoopbackDns bridge = new LoopbackDns(w, w.node("ns1"), Ip4.parse("192.168.1.10"))) {
            bridge.run(Oracles.require("dig", "bind9-dnsutils"), "@127.0.0.1", "-p", Integer.toString(bridge.port()),
                    "www.example.com");
            realQuery = bridge.queries.get(0);
        }
        Path pcaps = dir.resolve("pcaps");
        Runs.run(ScenarioLoader.parse(dir.resolve("test.yaml").toString(),
                yaml + "  - {at: 1s, on: laptop, run: \"dig @199.43.135.53 www.example.com\"}\n"), pcaps, true);
        byte[] ourQuery = null;
        for (PcapFiles.Packet p : PcapFiles.packets(
                pcaps.resolve("laptop-eth0.pcap"))) {
            byte[] d = p.data();
            if (p.protocol() == 17 && ((d[22] & 0xff) << 8 | (d[23] & 0xff)) == 53) {
                ourQuery = Arrays.copyOfRange(d, 28, d.length);
                break;
            }
        }
        assertThat(ourQuery).isNotNull().hasSameSizeAs(realQuery);
        // the ID (bytes 0-1) and the client cookie (the last 8 bytes) are random in both
        assertThat(Arrays.copyOfRange(ourQuery, 2, ourQuery.length - 8))
                .isEqualTo(Arrays.copyOfRange(realQuery, 2, realQuery.length - 8));
    }

    @Test
    void multiline_writes_the_soa_as_bind_does_with_and_without_comments() throws Exception {
        same("ns1", "199.43.135.53", "+multiline example.com SOA");
        same("ns1", "199.43.135.53", "+multi +norrcomments example.com SOA");
        same("ns1", "199.43.135.53", "+mul +nocmd +noall +answer c1.example.com");
        same("ns1", "199.43.135.53", "+multiline text.example.com TXT");
        same("ns1", "199.43.135.53", "+rrcomments example.com SOA");
    }

    @Test
    void qr_prints_the_query_as_the_real_dig_prints_its_own() throws Exception {
        same("ns1", "199.43.135.53", "+qr www.example.com");
        same("ns1", "199.43.135.53", "+qr +nocomments www.example.com");
        same("ns1", "199.43.135.53", "+qr +short www.example.com");
        same("ns1", "199.43.135.53", "+qr +nsid +expire +keepalive +ednsopt=65001:abcd +ednsflags=0x10 www.example.com");
        same("ns1", "199.43.135.53", "+qr +padding=128 +nocookie www.example.com");
        same("ns1", "199.43.135.53", "+qr +zflag +aaflag +norecurse www.example.com");
    }

    @Test
    void other_switches_read_the_same() throws Exception {
        same("ns1", "199.43.135.53", "+expandaaaa v6.example.com AAAA");
        same("ns1", "199.43.135.53", "+unknownformat www.example.com");
        same("ns1", "199.43.135.53", "+unknownformat v6.example.com AAAA");
        same("ns1", "199.43.135.53", "+nocl +nottlid www.example.com");
        same("ns1", "199.43.135.53", "+noad +nocoo +noqu +nost www.example.com");
        same("ns1", "199.43.135.53", "+edns=1 www.example.com");
        same("ns1", "199.43.135.53", "+edns=1 +noednsneg www.example.com");
    }

    @Test
    void a_bind_server_tells_its_version_in_class_chaos_and_refuses_other_classes() throws Exception {
        same("ns1", "199.43.135.53", "CH TXT version.bind");
        same("ns1", "199.43.135.53", "version.bind TXT CH +norecurse");
        same("ns1", "199.43.135.53", "-c HS www.example.com");
        same("ns1", "199.43.135.53", "CH TXT authors.bind");
        List<String> ours = ours("@199.43.135.53 version.bind CH TXT +short");
        assertThat(ours).containsExactly("\"9.18.28\"");
    }

    @Test
    void several_lookups_on_one_line_read_the_same() throws Exception {
        same("ns1", "199.43.135.53", "www.example.com example.com NS");
        same("ns1", "199.43.135.53", "www.example.com +short example.com MX +noall +answer c1.example.com");
        same("ns1", "199.43.135.53", "+noall +answer MX sixteen-chars-xx.example.com v6.example.com AAAA");
    }
}
