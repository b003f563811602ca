package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolution chain end to end, read from the trace (docs/design.md decision 7). */
class ResolutionTest {
    @TempDir
    Path dir;

    Runs.Result run(String timeline) {
        return Runs.runIn(dir, DnsWorlds.scenario(dir, timeline));
    }

    /**
     * "node role -> server" for every DNS query of type A sent, in order (ping asks A and AAAA as
     * glibc's getaddrinfo does; the AAAA chain is the same one).
     */
    static List<String> queries(Runs.Result r) {
        return r.events(DnsEvents.QUERY).stream().filter(e -> e.get(DnsEvents.QTYPE).equals("A"))
                .map(e -> e.node() + " " + e.get(DnsEvents.ROLE) + " -> " + e.get(DnsEvents.SERVER) + " " + e.get(DnsEvents.QNAME))
                .toList();
    }

    static List<String> queriesBetween(Runs.Result r, long fromNs, long toNs) {
        return r.events(DnsEvents.QUERY).stream().filter(e -> e.time() >= fromNs && e.time() < toNs)
                .filter(e -> e.get(DnsEvents.QTYPE).equals("A"))
                .map(e -> e.node() + " " + e.get(DnsEvents.ROLE) + " -> " + e.get(DnsEvents.SERVER) + " " + e.get(DnsEvents.QNAME))
                .toList();
    }

    @Test
    void a_cold_lookup_goes_stub_forwarder_resolver_root_tld_authoritative() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"ping -c 1 www.example.com\"}\n");
        assertThat(queries(r)).containsExactly(
                "laptop stub -> 192.168.1.1 www.example.com",
                "home forwarder -> 100.64.1.53 www.example.com",
                "isp-dns resolver -> 198.41.0.4 www.example.com",
                "isp-dns resolver -> 192.5.6.30 www.example.com",
                "isp-dns resolver -> 199.43.135.53 www.example.com");
        // getaddrinfo (AF_UNSPEC) asks A, then AAAA
        assertThat(r.events(DnsEvents.QUERY).stream().filter(e -> e.node().equals("laptop")).map(e -> e.get(DnsEvents.QTYPE)))
                .containsExactly("A", "AAAA");
        List<TraceEvent> responses = r.events(DnsEvents.RESPONSE).stream().filter(e -> e.get(DnsEvents.QTYPE).equals("A")).toList();
        assertThat(responses.stream().map(e -> e.get(DnsEvents.SERVER_NAME) + ":" + e.get(DnsEvents.ANSWER)).toList())
                .containsExactly("a.root-servers.net:referral", "a.gtld-servers.net:referral",
                        "ns1.example.com:answer", ":answer", ":answer");
        // What the narrator needs: "resolver asked a.root-servers.net (198.41.0.4), got a referral to com in 24 ms".
        TraceEvent root = responses.get(0);
        assertThat(root.get(DnsEvents.SERVER)).isEqualTo("198.41.0.4");
        assertThat(root.get(DnsEvents.REFERRAL_TO)).isEqualTo("com");
        // 2 x (1 + 5 + 6) ms of propagation, plus an 84-byte query (its cookie option 12 bytes)
        // and a 148-byte referral (the cookie echoed with the server's: 28 bytes) serialized on
        // three 1 Gbit/s links each: 3 x (672 + 1184) ns.
        assertThat(root.num(DnsEvents.RTT_NS)).isEqualTo(24_000_000L + 3 * (672 + 1184));
        assertThat(responses.get(1).get(DnsEvents.REFERRAL_TO)).isEqualTo("example.com");
        assertThat(r.terminal("laptop")).anyMatch(l -> l.startsWith("PING www.example.com (93.184.216.34)"));
        assertThat(r.terminal("laptop")).anyMatch(l -> l.contains("1 received"));
    }

    @Test
    void a_second_lookup_within_the_ttl_is_answered_by_the_nearest_cache() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "ping -c 1 www.example.com"}
                  - {at: 10s, on: laptop, run: "ping -c 1 www.example.com"}
                  - {at: 20s, on: laptop, run: "dig www.example.com"}
                """);
        long s = 1_000_000_000L;
        // The stub's OS cache answers the application: nothing leaves the laptop.
        assertThat(queriesBetween(r, 10 * s, 20 * s)).isEmpty();
        assertThat(r.events(DnsEvents.CACHE_HIT).stream().filter(e -> e.time() >= 10 * s && e.time() < 20 * s)
                .map(e -> e.get(DnsEvents.CACHE) + " " + e.get(DnsEvents.QTYPE)).toList()).containsExactly("stub A", "stub AAAA");
        // dig has no cache of its own: the home router's forwarder answers, with no upstream query.
        assertThat(queriesBetween(r, 20 * s, 30 * s)).containsExactly("laptop dig -> 192.168.1.1 www.example.com");
        assertThat(r.events(DnsEvents.CACHE_HIT).stream().filter(e -> e.time() >= 20 * s)
                .map(e -> e.node() + ":" + e.get(DnsEvents.CACHE)).toList()).containsExactly("home:forwarder");
        List<TraceEvent> served = r.events(DnsEvents.SERVE).stream().filter(e -> e.node().equals("home")).toList();
        assertThat(served.get(0).num(DnsEvents.ELAPSED_NS)).as("cold: the whole chain").isGreaterThan(90_000_000L);
        assertThat(served.get(served.size() - 1).num(DnsEvents.ELAPSED_NS)).as("warm: from the cache").isZero();
    }

    @Test
    void after_the_ttl_expires_the_resolver_asks_only_the_authoritative_server() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "dig www.example.com"}
                  - {at: 400s, on: laptop, run: "dig www.example.com"}
                """);
        long s = 1_000_000_000L;
        // Either example.com server will do (the resolver tries the one it has no RTT for yet).
        assertThat(queriesBetween(r, 400 * s, 500 * s)).containsExactly(
                "laptop dig -> 192.168.1.1 www.example.com",
                "home forwarder -> 100.64.1.53 www.example.com",
                "isp-dns resolver -> 199.43.133.53 www.example.com");
        assertThat(r.terminal("laptop").stream().filter(l -> l.startsWith("www.example.com.")).toList())
                .containsExactly("www.example.com.\t300\tIN\tA\t93.184.216.34",
                        "www.example.com.\t300\tIN\tA\t93.184.216.34");
    }

    @Test
    void nxdomain_is_cached_for_the_soa_minimum() {
        // Asked of the resolver directly, so that only its cache is in play.
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "dig @100.64.1.53 nosuch.example.com"}
                  - {at: 200s, on: laptop, run: "dig @100.64.1.53 nosuch.example.com"}
                  - {at: 302s, on: laptop, run: "dig @100.64.1.53 nosuch.example.com"}
                """);
        long s = 1_000_000_000L;
        assertThat(r.terminal("laptop")).filteredOn(l -> l.contains("status: NXDOMAIN")).hasSize(3);
        assertThat(queriesBetween(r, 200 * s, 300 * s)).containsExactly("laptop dig -> 100.64.1.53 nosuch.example.com");
        assertThat(r.events(DnsEvents.CACHE_HIT).stream().filter(e -> e.time() >= 200 * s && e.time() < 300 * s)
                .map(e -> e.get(DnsEvents.CACHE)).toList()).containsExactly("resolver");
        // The SOA minimum is 300 s: at 302 s the entry is gone; the NS set is not, so only the authoritative is asked.
        assertThat(queriesBetween(r, 302 * s, 400 * s)).containsExactly(
                "laptop dig -> 100.64.1.53 nosuch.example.com",
                "isp-dns resolver -> 199.43.133.53 nosuch.example.com");
        // The negative answer carries the SOA with TTL min(3600, 300), counting down in the cache.
        assertThat(r.terminal("laptop")).contains(
                "example.com.\t\t300\tIN\tSOA\tns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300",
                "example.com.\t\t101\tIN\tSOA\tns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300");
    }

    @Test
    void a_cname_into_another_zone_is_chased() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +short shop.example.com\"}\n");
        assertThat(r.terminal("laptop")).containsSubsequence("shops.example.org.", "93.184.216.34");
        assertThat(queries(r)).contains(
                "isp-dns resolver -> 199.43.135.53 shop.example.com",
                "isp-dns resolver -> 199.19.56.1 shops.example.org");
    }

    @Test
    void a_truncated_answer_is_retried_over_tcp_at_every_hop() {
        // Six 250-byte TXT strings: over 1232 bytes, so every UDP hop truncates and TCP follows.
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig huge.example.com TXT\"}\n");
        assertThat(r.events(DnsEvents.RESPONSE).stream()
                .map(e -> e.node() + " " + e.get(DnsEvents.TRANSPORT) + (e.get(DnsEvents.FLAGS).contains("tc") ? " tc" : "")).toList())
                .containsExactly("isp-dns udp", "isp-dns udp", "isp-dns udp tc", "isp-dns tcp",
                        "home udp tc", "home tcp", "laptop udp tc", "laptop tcp");
        assertThat(r.terminal("laptop")).contains(";; Truncated, retrying in TCP mode.",
                ";; flags: qr rd ra; QUERY: 1, ANSWER: 6, AUTHORITY: 0, ADDITIONAL: 1",
                ";; SERVER: 192.168.1.1#53(192.168.1.1) (TCP)");
        // The resolver cached the whole answer from TCP: the forwarder's TCP retry is a cache hit.
        assertThat(r.events(DnsEvents.CACHE_HIT)).extracting(e -> e.node() + ":" + e.get(DnsEvents.CACHE))
                .containsExactly("isp-dns:resolver", "home:forwarder");
        assertThat(r.events(DnsEvents.QUERY).stream().filter(e -> e.get(DnsEvents.ROLE).equals("resolver")).count()).isEqualTo(4);
    }

    @Test
    void a_glueless_delegation_is_resolved_on_the_side() {
        // org delegates example.org to ns1/ns2.example.com: out of org's bailiwick, so no glue.
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +short shops.example.org\"}\n");
        assertThat(r.terminal("laptop")).containsExactly("93.184.216.34");
        assertThat(queries(r).stream().filter(q -> q.startsWith("isp-dns")).toList()).containsExactly(
                "isp-dns resolver -> 198.41.0.4 shops.example.org",
                "isp-dns resolver -> 199.19.56.1 shops.example.org",
                "isp-dns resolver -> 193.0.14.129 ns1.example.com", // k: no RTT known yet, so tried (SRTT selection)
                "isp-dns resolver -> 192.5.6.30 ns1.example.com",
                "isp-dns resolver -> 199.43.135.53 ns1.example.com",
                "isp-dns resolver -> 199.43.135.53 shops.example.org");
    }

    @Test
    void a_lame_server_that_refuses_is_skipped_for_the_next_one() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +short www.lame.com\"}\n");
        assertThat(r.terminal("laptop")).containsExactly("93.184.216.34");
        assertThat(r.events(DnsEvents.RESPONSE).stream().filter(e -> e.node().equals("isp-dns"))
                .map(e -> e.get(DnsEvents.SERVER_NAME) + ":" + e.get(DnsEvents.RCODE)).toList()).containsExactly(
                "a.root-servers.net:NOERROR", "a.gtld-servers.net:NOERROR", "ns1.example.com:REFUSED",
                "ns2.example.com:NOERROR");
    }

    @Test
    void a_cname_loop_ends_in_servfail_at_the_chain_limit() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig loop1.example.com\"}\n");
        assertThat(r.terminal("laptop")).anyMatch(l -> l.contains("status: SERVFAIL"));
        assertThat(r.events(DnsEvents.GIVE_UP)).extracting(e -> e.get(DnsEvents.REASON)).contains("cname-limit");
    }

    @Test
    void a_dead_authoritative_server_is_skipped_after_the_timeout() {
        // ns1 is silent (every packet to it is lost): no ICMP error, only the timeout tells.
        Runs.Result r = Runs.runIn(dir, DnsWorlds.scenario(dir, "  - {at: 1s, on: laptop, run: \"dig www.example.com\"}\n")
                .replace("ns1 199.43.135.53/24, delay: 11ms}", "ns1 199.43.135.53/24, delay: 11ms, loss: 100%}"));
        List<TraceEvent> timeouts = r.events(DnsEvents.TIMEOUT);
        assertThat(timeouts).extracting(e -> e.get(DnsEvents.SERVER)).containsExactly("199.43.135.53");
        assertThat(timeouts.get(0).num(DnsEvents.AFTER_NS)).isEqualTo(RecursiveResolver.TIMEOUT_MS * 1_000_000L);
        assertThat(queries(r)).endsWith("isp-dns resolver -> 199.43.133.53 www.example.com");
        assertThat(r.terminal("laptop")).contains("www.example.com.\t300\tIN\tA\t93.184.216.34");
    }

    @Test
    void an_unreachable_authoritative_server_is_skipped_at_once_on_the_icmp_error() {
        Runs.Result r = run("""
                  - {at: 0.5s, fail-link: to-ns1}
                  - {at: 1s, on: laptop, run: "dig www.example.com"}
                """);
        assertThat(r.events(DnsEvents.FAILURE)).extracting(e -> e.get(DnsEvents.SERVER) + " " + e.get(DnsEvents.REASON))
                .containsExactly("199.43.135.53 icmp-3/0");
        assertThat(r.events(DnsEvents.TIMEOUT)).isEmpty();
        assertThat(r.terminal("laptop")).contains("www.example.com.\t300\tIN\tA\t93.184.216.34");
    }

    @Test
    void a_delegation_loop_ends_in_servfail_within_the_limits() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig www.loop-a.com\"}\n");
        assertThat(r.terminal("laptop")).anyMatch(l -> l.contains("status: SERVFAIL"));
        long resolverQueries = r.events(DnsEvents.QUERY).stream().filter(e -> e.get(DnsEvents.ROLE).equals("resolver")).count();
        assertThat(resolverQueries).isLessThanOrEqualTo(RecursiveResolver.MAX_QUERIES);
        assertThat(r.events(DnsEvents.GIVE_UP)).isNotEmpty();
        // Finished well before any timeout could have fired: the loop is detected, not waited out.
        assertThat(r.events(ToolEvents.EXIT).get(0).time()).isLessThan(2_000_000_000L);
    }

    @Test
    void the_resolver_refuses_clients_outside_its_access_list() {
        Runs.Result r = run("  - {at: 1s, on: www, run: \"dig @100.64.1.53 www.example.com\"}\n");
        assertThat(r.terminal("www")).anyMatch(l -> l.contains("status: REFUSED"));
        assertThat(queries(r)).containsExactly("www dig -> 100.64.1.53 www.example.com");
    }

    @Test
    void the_stub_moves_to_the_next_nameserver_after_its_timeout_or_at_once_on_port_unreachable() {
        // Nameserver 1 is silent (all its packets are lost), nameserver 2 runs no DNS server
        // (ICMP port unreachable), nameserver 3 is the home router.
        String yaml = DnsWorlds.scenario(dir, "  - {at: 1s, on: laptop, run: \"ping -c 1 www.example.com\"}\n")
                .replace("resolver: {nameservers: [192.168.1.1]",
                        "resolver: {nameservers: [199.43.135.53, 93.184.216.34, 192.168.1.1], timeout: 2s, attempts: 1")
                .replace("ns1 199.43.135.53/24, delay: 11ms}", "ns1 199.43.135.53/24, delay: 11ms, loss: 100%}");
        Runs.Result r = Runs.runIn(dir, yaml);
        List<TraceEvent> stub = r.events(e -> e.isAny(DnsEvents.TIMEOUT, DnsEvents.FAILURE, DnsEvents.RESPONSE)
                && DnsEvents.STUB.equals(e.get(DnsEvents.ROLE)) && e.get(DnsEvents.QTYPE).equals("A"));
        assertThat(stub).extracting(TraceEvent::type).containsExactly(DnsEvents.TIMEOUT, DnsEvents.FAILURE, DnsEvents.RESPONSE);
        assertThat(stub).extracting(e -> e.get(DnsEvents.SERVER)).containsExactly("199.43.135.53", "93.184.216.34", "192.168.1.1");
        assertThat(stub.get(0).time()).isEqualTo(3_000_000_000L);
        assertThat(r.terminal("laptop")).anyMatch(l -> l.contains("1 received"));
    }

    @Test
    void nc_resolves_through_the_stub_too() {
        Runs.Result r = run("""
                  - {at: 0.5s, on: www, run: "nc -u -l -e cat 7"}
                  - {at: 1s, on: laptop, run: "nc -u -v -w 1 -m hello www.example.com 7"}
                """);
        assertThat(r.terminal("laptop")).containsExactly(
                "Connection to www.example.com (93.184.216.34) 7 port [udp/echo] succeeded!", "hello");
    }

    @Test
    void the_hosts_file_answers_before_dns() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"ping -c 1 -W 1 printer\"}\n");
        assertThat(queries(r)).isEmpty();
        assertThat(r.events(DnsEvents.LOOKUP)).extracting(e -> e.get(DnsEvents.SOURCE)).containsExactly("hosts");
        assertThat(r.terminal("laptop").get(0)).startsWith("PING printer (192.168.1.20)");
    }

    @Test
    void an_unknown_name_fails_like_getaddrinfo() {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"ping -c 1 nosuch.example.com\"}\n");
        assertThat(r.terminal("laptop")).containsExactly("ping: nosuch.example.com: Name or service not known");
    }

    @Test
    void query_ids_and_ports_differ_between_queries() {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "dig www.example.com"}
                  - {at: 2s, on: laptop, run: "dig www.example.com"}
                """);
        List<TraceEvent> q = r.events(DnsEvents.QUERY).stream().filter(e -> e.node().equals("laptop")).toList();
        assertThat(q).hasSize(2);
        assertThat(q.get(0).num(DnsEvents.ID)).isNotEqualTo(q.get(1).num(DnsEvents.ID));
    }
}
