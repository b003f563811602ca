package dev.minternet.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.HttpEvents;
import dev.minternet.services.app.ApiServer;
import dev.minternet.services.lb.LbEvents;
import dev.minternet.sim.Durations;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Tshark;
import dev.minternet.tls.TlsEvents;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.transport.udp.UdpEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/datacenter.yaml end to end: curl through NAT and a firewall to a TLS-terminating load
 * balancer, three web servers, an application server and a database; web-2 crashes at 11 s and
 * boots again at 18 s. One run (with every interface captured) serves all the checks.
 */
class DatacenterTest {
    static final Path EXAMPLE = Path.of("examples/datacenter.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    /** The exit code of the command started at {@code at} (simulated ns) on {@code node}. */
    int exitOf(String node, long at) {
        List<TraceEvent> starts = run.events(e -> e.is(ToolEvents.START)
                && e.node().equals(node) && e.time() == at);
        assertThat(starts).as("a command at %d on %s", at, node).hasSize(1);
        String cmd = starts.get(0).get(ToolEvents.COMMAND);
        return (int) run.events(e -> e.is(ToolEvents.EXIT) && e.node().equals(node)
                && e.get(ToolEvents.COMMAND).equals(cmd) && e.time() >= at).get(0).num(ToolEvents.CODE);
    }

    List<String> linesOf(String node, String prefix) {
        return run.terminal(node).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void curl_writeOut_timings_equal_what_the_trace_shows() {
        long t0 = 2 * Durations.S;
        String w = linesOf("laptop", "dns ").get(0);
        // the laptop's second connection: its SYN-SENT -> ESTABLISHED, TLS handshake, exit
        long established = run.events(e -> e.node().equals("laptop") && e.is(TcpEvents.STATE)
                && "ESTABLISHED".equals(e.get(TcpEvents.TO)) && e.time() >= t0).get(0).time();
        long handshake = run.events(e -> e.node().equals("laptop") && e.is(TlsEvents.HANDSHAKE) && e.time() >= t0).get(0).time();
        long response = run.events(e -> e.node().equals("laptop") && e.is(HttpEvents.CLIENT_RESPONSE) && e.time() >= t0).get(0).time();
        long exit = run.events(e -> e.node().equals("laptop") && e.is(ToolEvents.EXIT)
                && e.time() >= t0).get(0).time();
        assertThat(w).isEqualTo("dns 0.000000 connect " + sec(established - t0) + " tls " + sec(handshake - t0)
                + " first byte " + w.split(" first byte ")[1].split(" ")[0] + " total " + sec(exit - t0));
        assertThat(response).isEqualTo(exit);
        // one round trip for TCP, one more for TLS 1.3
        assertThat(handshake - established).isBetween(established - t0 - 100 * Durations.US, established - t0 + 500 * Durations.US);
    }

    static String sec(long ns) {
        long us = ns / 1000;
        return us / 1_000_000 + "." + String.format("%06d", us % 1_000_000);
    }

    @Test
    void names_are_looked_up_in_dns_through_the_home_forwarder_before_the_first_connect() {
        Path outside = run.dir().resolve("home-eth1.pcap");
        assertThat(Tshark.fields(outside, "dns.flags.response == 0", "dns.qry.name")).extracting(m -> m.get("dns.qry.name"))
                .contains("www.example.com", "old.example.com");
        long firstSyn = run.events(e -> e.node().equals("laptop") && e.is(TcpEvents.STATE)
                && "SYN-SENT".equals(e.get(TcpEvents.TO))).get(0).time();
        long firstQuery = run.events(e -> e.node().equals("laptop") && e.in(UdpEvents.CATALOG)).get(0).time();
        assertThat(firstQuery).isEqualTo(Durations.S);
        assertThat(firstSyn).isGreaterThan(firstQuery);
    }

    @Test
    void a_valid_chain_succeeds_and_bad_certificates_fail_with_curls_messages_and_exit_60() {
        assertThat(exitOf("laptop", Durations.S)).isZero();
        assertThat(run.terminal("laptop")).contains("*  SSL certificate verify ok.", "* ALPN: server accepted h2",
                "*  subject: CN=www.example.com", "*  issuer: CN=Minternet Issuing CA 1");
        assertThat(exitOf("laptop", 4 * Durations.S)).isEqualTo(60);
        assertThat(exitOf("laptop", 4300 * Durations.MS)).isEqualTo(60);
        assertThat(exitOf("laptop", 4600 * Durations.MS)).isEqualTo(60);
        assertThat(linesOf("laptop", "curl: (60)")).containsExactly(
                "curl: (60) SSL certificate problem: certificate has expired",
                "curl: (60) SSL: no alternative certificate subject name matches target host name 'bad.example.com'",
                "curl: (60) SSL certificate problem: unable to get local issuer certificate");
        // -k goes on with the expired certificate
        assertThat(exitOf("laptop", 5 * Durations.S)).isZero();
        assertThat(run.terminal("laptop")).contains("200");
    }

    @Test
    void firewall_allows_443_drops_22_until_curls_timeout_and_rejects_8443() {
        assertThat(exitOf("laptop", 6 * Durations.S)).isEqualTo(28);
        assertThat(linesOf("laptop", "curl: (28)")).containsExactly(
                "curl: (28) Failed to connect to www.example.com port 22 after 3000 ms: Timeout was reached");
        assertThat(exitOf("laptop", 10 * Durations.S)).isEqualTo(7);
        assertThat(linesOf("laptop", "curl: (7)")).containsExactly(
                "curl: (7) Failed to connect to www.example.com port 8443 after 40 ms: Couldn't connect to server");
    }

    @Test
    void nat_the_servers_see_the_home_routers_public_address_and_both_sides_decode_cleanly() {
        List<TraceEvent> req = run.events(e -> e.is(HttpEvents.SERVER_REQUEST) && e.node().startsWith("web-")
                && !"/health".equals(e.get(HttpEvents.TARGET)));
        assertThat(req).isNotEmpty().allSatisfy(e -> assertThat(e.get(HttpEvents.CLIENT)).isEqualTo("198.51.100.2"));
        Path inside = run.dir().resolve("home-eth0.pcap");
        Path outside = run.dir().resolve("home-eth1.pcap");
        Tshark.assertClean(inside);
        Tshark.assertClean(outside);
        assertThat(Tshark.fields(inside, "tcp.dstport == 443 && tcp.flags.syn == 1 && tcp.flags.ack == 0", "ip.src"))
                .extracting(m -> m.get("ip.src")).containsOnly("192.168.1.10");
        assertThat(Tshark.fields(outside, "tcp.dstport == 443 && tcp.flags.syn == 1 && tcp.flags.ack == 0", "ip.src"))
                .isNotEmpty().extracting(m -> m.get("ip.src")).containsOnly("198.51.100.2");
    }

    @Test
    void tshark_decodes_the_client_hello_with_sni_and_alpn_and_the_tls_records() {
        Path lb = run.dir().resolve("lb-eth0.pcap");
        Tshark.assertClean(lb);
        List<Map<String, String>> hellos = Tshark.fields(lb, "tls.handshake.type == 1",
                "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str");
        assertThat(hellos).extracting(m -> m.get("tls.handshake.extensions_server_name"))
                .contains("www.example.com", "old.example.com", "bad.example.com", "rogue.example.com");
        assertThat(hellos).extracting(m -> m.get("tls.handshake.extensions_alpn_str")).contains("h2,http/1.1", "http/1.1");
        assertThat(Tshark.count(lb, "tls.record.opaque_type == 23")).isGreaterThan(10);
    }

    @Test
    void the_database_speaks_pgsql_and_the_api_returns_the_seeded_rows() {
        Path db = run.dir().resolve("db-eth0.pcap");
        Tshark.assertClean(db);
        assertThat(Tshark.fields(db, "pgsql.query", "pgsql.query")).extracting(m -> m.get("pgsql.query"))
                .contains(ApiServer.USERS_SQL);
        assertThat(Tshark.count(db, "pgsql.type == \"Data row\"")).isGreaterThanOrEqualTo(2);
        String users = "[{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},{\"id\":2,\"name\":\"Alan Turing\","
                + "\"email\":\"alan@example.com\"},{\"id\":3,\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}]";
        assertThat(run.terminal("phone")).contains(users, "Content-Type: application/json", "HTTP/1.1 200 OK");
        assertThat(run.terminal("laptop")).contains(users);
    }

    @Test
    void the_crashed_web_server_is_steered_around_and_returns() {
        List<TraceEvent> down = run.events(LbEvents.BACKEND_DOWN);
        List<TraceEvent> up = run.events(LbEvents.BACKEND_UP);
        assertThat(down).extracting(e -> e.get(LbEvents.BACKEND)).containsExactly("web-2");
        assertThat(up).extracting(e -> e.get(LbEvents.BACKEND)).containsExactly("web-2");
        // interval 1 s, timeout 500 ms, fall 3, rise 2
        assertThat(down.get(0).time()).isBetween(11 * Durations.S, 11 * Durations.S + 3 * Durations.S + 500 * Durations.MS);
        assertThat(up.get(0).time()).isBetween(18 * Durations.S, 18 * Durations.S + 3 * Durations.S);
        // nothing chosen web-2 between removal and return, and every request then succeeded
        assertThat(run.events(e -> e.is(LbEvents.CHOOSE) && e.time() > down.get(0).time()
                && e.time() < up.get(0).time()).stream().map(e -> e.get(LbEvents.BACKEND))).doesNotContain("web-2").isNotEmpty();
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.time() > down.get(0).time()))
                .allSatisfy(e -> assertThat(e.num(ToolEvents.CODE)).isZero());
        assertThat(run.events(e -> e.node().equals("web-2") && e.is(HttpEvents.SERVER_REQUEST)
                && !"/health".equals(e.get(HttpEvents.TARGET)) && e.time() > up.get(0).time()))
                .isNotEmpty();
    }

    @Test
    void two_runs_give_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
