package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dig prints what the trace says happened, in BIND's layout. */
class DigTest {
    @TempDir
    Path dir;

    Runs.Result run(String timeline) {
        return Runs.runIn(dir, DnsWorlds.scenario(dir, timeline));
    }

    @Test
    void header_flags_and_sections_match_the_trace() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig nosuch.example.com\"}\n");
        List<String> out = r.terminal("laptop");
        TraceEvent resp = r.events(DnsEvents.RESPONSE).stream().filter(e -> e.get(DnsEvents.ROLE).equals("dig")).findFirst()
                .orElseThrow();
        String header = out.stream().filter(l -> l.startsWith(";; ->>HEADER<<-")).findFirst().orElseThrow();
        Matcher m = Pattern.compile(";; ->>HEADER<<- opcode: QUERY, status: (\\w+), id: (\\d+)").matcher(header);
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo(resp.get(DnsEvents.RCODE)).isEqualTo("NXDOMAIN");
        assertThat(Long.parseLong(m.group(2))).isEqualTo(resp.num(DnsEvents.ID));
        String flags = out.stream().filter(l -> l.startsWith(";; flags:")).findFirst().orElseThrow();
        assertThat(flags).isEqualTo(";; flags: qr rd ra; QUERY: 1, ANSWER: " + resp.num(DnsEvents.ANSWERS) + ", AUTHORITY: "
                + resp.num(DnsEvents.AUTHORITY) + ", ADDITIONAL: " + (resp.num(DnsEvents.ADDITIONAL) + 1));
        assertThat(resp.get(DnsEvents.FLAGS).strip()).isEqualTo("qr rd ra");
        assertThat(out).containsSubsequence(
                "",
                "; <<>> DiG 9.18.28 <<>> nosuch.example.com",
                ";; global options: +cmd",
                ";; Got answer:",
                header,
                flags,
                "",
                ";; OPT PSEUDOSECTION:",
                "; EDNS: version: 0, flags:; udp: 1232",
                ";; QUESTION SECTION:",
                ";nosuch.example.com.\t\tIN\tA",
                "",
                ";; AUTHORITY SECTION:",
                "example.com.\t\t300\tIN\tSOA\tns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300",
                "",
                ";; Query time: " + resp.num(DnsEvents.RTT_NS) / 1_000_000 + " msec",
                ";; SERVER: 192.168.1.1#53(192.168.1.1) (UDP)",
                ";; WHEN: Thu Jan 01 00:00:01 UTC 2026",
                ";; MSG SIZE  rcvd: " + resp.num(DnsEvents.LEN));
    }

    @Test
    void an_authoritative_answer_has_aa_and_no_ra_when_asked_without_recursion() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +norecurse @199.43.135.53 www.example.com\"}\n");
        assertThat(r.terminal("laptop")).contains(";; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1",
                "www.example.com.\t300\tIN\tA\t93.184.216.34");
    }

    @Test
    void a_referral_has_ns_and_glue_without_aa() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +norecurse @192.5.6.30 www.example.com\"}\n");
        assertThat(r.terminal("laptop")).contains(
                ";; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3",
                ";; AUTHORITY SECTION:",
                "example.com.\t\t172800\tIN\tNS\tns1.example.com.",
                ";; ADDITIONAL SECTION:",
                "ns1.example.com.\t172800\tIN\tA\t199.43.135.53");
    }

    @Test
    void a_zone_server_refuses_names_outside_its_zones() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig @199.43.135.53 www.wikipedia.org\"}\n");
        assertThat(r.terminal("laptop")).anyMatch(l -> l.contains("status: REFUSED"));
        assertThat(r.terminal("laptop")).contains(";; WARNING: recursion requested but not available");
    }

    @Test
    void trace_walks_root_then_tld_then_authoritative() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +trace www.example.com\"}\n");
        List<String> received = r.terminal("laptop").stream().filter(l -> l.startsWith(";; Received")).toList();
        assertThat(received).hasSize(4);
        assertThat(received.get(0)).contains("from 192.168.1.1#53(192.168.1.1)");
        assertThat(received.get(1)).containsPattern("from (198.41.0.4#53\\(a|193.0.14.129#53\\(k)\\.root-servers\\.net\\)");
        assertThat(received.get(2)).contains("from 192.5.6.30#53(a.gtld-servers.net)");
        assertThat(received.get(3)).containsPattern("from 199.43.13[35].53#53\\(ns[12].example.com\\)");
        assertThat(r.terminal("laptop")).containsSubsequence(
                ".\t\t\t518400\tIN\tNS\ta.root-servers.net.",
                "com.\t\t\t172800\tIN\tNS\ta.gtld-servers.net.",
                "example.com.\t\t172800\tIN\tNS\tns1.example.com.",
                "www.example.com.\t300\tIN\tA\t93.184.216.34");
        // The iterative queries dig sent itself carry no RD bit, and match the servers printed.
        List<TraceEvent> own = r.events(DnsEvents.QUERY).stream()
                .filter(e -> e.get(DnsEvents.ROLE).equals("dig") && !e.get(DnsEvents.SERVER).equals("192.168.1.1")).toList();
        assertThat(own).hasSize(3).allMatch(e -> e.get(DnsEvents.RD).equals(false));
        assertThat(own.get(1).get(DnsEvents.SERVER_NAME)).isEqualTo("a.gtld-servers.net");
    }

    @Test
    void without_edns_a_large_answer_comes_back_truncated_and_dig_retries_over_tcp() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +noedns +norecurse @199.43.135.53 big.example.com TXT\"}\n");
        List<TraceEvent> resp = r.events(DnsEvents.RESPONSE);
        assertThat(resp).extracting(e -> e.get(DnsEvents.TRANSPORT)).containsExactly("udp", "tcp");
        assertThat(resp.get(0).get(DnsEvents.FLAGS)).contains("tc");
        assertThat(resp.get(0).num(DnsEvents.LEN)).isLessThanOrEqualTo(512);
        assertThat(resp.get(1).get(DnsEvents.FLAGS)).doesNotContain("tc");
        assertThat(resp.get(1).num(DnsEvents.ANSWERS)).isEqualTo(3);
        assertThat(r.terminal("laptop")).startsWith(";; Truncated, retrying in TCP mode.")
                .contains(";; flags: qr aa; QUERY: 1, ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 0",
                        ";; SERVER: 199.43.135.53#53(199.43.135.53) (TCP)");
    }

    @Test
    void minus_x_asks_for_the_ptr_record_of_an_address() throws Exception {
        Files.writeString(dir.resolve("rev.zone"), """
                $ORIGIN 216.184.93.in-addr.arpa.
                @ 3600 IN SOA ns1.example.com. h.example.com. 1 7200 3600 1209600 300
                @ 3600 IN NS ns1.example.com.
                34 3600 IN PTR www.example.com.
                """);
        String yaml = DnsWorlds.scenario(dir, "  - {at: 1s, on: laptop, run: \"dig +short -x 93.184.216.34\"}\n")
                .replace("    - {name: org, servers: [org-tld]}\n", "    - {name: org, servers: [org-tld]}\n"
                        + "    - {name: arpa, servers: [org-tld]}\n"
                        + "    - {name: 216.184.93.in-addr.arpa, file: " + dir.resolve("rev.zone") + ", servers: [ns1]}\n");
        Runs.Result r = Runs.runIn(dir, yaml);
        assertThat(r.terminal("laptop")).containsExactly("www.example.com.");
        assertThat(r.events(DnsEvents.QUERY).get(0).get(DnsEvents.QTYPE)).isEqualTo("PTR");
    }

    @Test
    void short_prints_only_the_data() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +short www.example.com\"}\n");
        assertThat(r.terminal("laptop")).containsExactly("93.184.216.34");
    }

    @Test
    void types_are_taken_from_minus_t_or_the_position_after_the_name() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "dig +short example.com NS"}
                  - {at: 2s, on: laptop, run: "dig +short -t soa example.com"}
                """);
        assertThat(r.terminal("laptop")).containsExactly("ns1.example.com.", "ns2.example.com.",
                "ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300");
    }

    @Test
    void plus_tcp_asks_over_tcp() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +tcp @199.43.135.53 www.example.com\"}\n");
        assertThat(r.terminal("laptop")).contains("www.example.com.\t300\tIN\tA\t93.184.216.34",
                ";; SERVER: 199.43.135.53#53(199.43.135.53) (TCP)");
        assertThat(r.events(DnsEvents.QUERY)).extracting(e -> e.get(DnsEvents.TRANSPORT)).containsExactly("tcp");
        assertThat(r.events(DnsEvents.RESPONSE)).extracting(e -> e.get(DnsEvents.TRANSPORT)).containsExactly("tcp");
    }

    @Test
    void bad_options_print_usage() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +bogus www.example.com\"}\n");
        assertThat(r.terminal("laptop").get(0)).isEqualTo("Invalid option: +bogus");
        assertThat(r.events(ToolEvents.EXIT).get(0).num(ToolEvents.CODE)).isEqualTo(1);
    }

    @Test
    void plus_subnet_sends_ecs_which_an_authoritative_server_without_it_ignores_and_a_bad_one_is_refused() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +subnet=10.9.8.7/24 @199.43.135.53 www.example.com\"}\n"
                + "  - {at: 2s, on: laptop, run: \"dig +subnet=10.9.300.0/24 www.example.com\"}\n");
        List<String> out = r.terminal("laptop");
        // BIND's authoritative server without ECS support answers without the option, and so does ours
        assertThat(out).contains("www.example.com.\t300\tIN\tA\t93.184.216.34").noneMatch(l -> l.startsWith("; CLIENT-SUBNET"));
        assertThat(out).contains("invalid prefix '10.9.300.0/24'", "dig: Couldn't parse client");
        assertThat(r.events(ToolEvents.EXIT).get(1).num(ToolEvents.CODE)).isEqualTo(10);
    }

    @Test
    void a_resolver_recurses_for_its_own_loopback_by_default_as_bind_does_but_not_past_an_allow_list() {
        String timeline = "  - {at: 1s, on: isp-dns, run: \"dig +short @127.0.0.1 www.example.com\"}\n"
                + "  - {at: 2s, on: isp-dns, run: \"dig @localhost www.example.com\"}\n";
        String byDefault = DnsWorlds.scenario(dir, timeline).replace(", allow: [100.64.0.0/10, 192.168.0.0/16]}", "}");
        assertThat(Runs.runIn(dir, byDefault).terminal("isp-dns")).contains("93.184.216.34",
                ";; SERVER: 127.0.0.1#53(localhost) (UDP)");
        // an explicit allow-recursion list replaces BIND's default, localhost included
        assertThat(run(timeline).terminal("isp-dns")).doesNotContain("93.184.216.34")
                .anyMatch(l -> l.startsWith(";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: "));
    }
}
