package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/cdn-client-subnet.yaml end to end: a resolver sending EDNS Client Subnet (RFC 7871)
 * gets a faraway client the edge nearest to the client, one without gets the edge nearest to
 * the resolver; the scoped answer is cached for its subnet only (section 7.3.1) and echoed with
 * its scope to a client that sent its own option (section 7.2.1); tshark reads the option in
 * the resolver's queries and the scope in the answers.
 */
class ResolverClientSubnetExampleTest {
    static final Path EXAMPLE = Path.of("examples/cdn-client-subnet.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static double total(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void the_client_subnet_gets_the_faraway_client_its_own_edge() {
        List<String> ecs = run.terminal("laptop-tokyo-1");
        List<String> plain = run.terminal("laptop-tokyo-2");
        assertThat(ecs.get(0)).startsWith("200 MISS edge-tokyo ");
        assertThat(ecs.get(1)).startsWith("200 HIT edge-tokyo ");
        assertThat(plain.get(0)).startsWith("200 MISS edge-paris ");
        assertThat(plain.get(1)).startsWith("200 HIT edge-paris ");
        // a HIT in Tokyo is a round trip of 2 x 3 ms plus the handshake; in Paris it crosses 2 x 113 ms twice
        assertThat(total(ecs.get(1))).isLessThan(0.02);
        assertThat(total(plain.get(1))).isGreaterThan(0.4);
    }

    @Test
    void the_steering_server_sees_the_subnet_from_one_resolver_and_only_the_resolver_from_the_other() {
        List<String> steer = run.events(DnsEvents.STEER).stream()
                .map(e -> e.get(DnsEvents.LOCATION) + " -> " + e.get(DnsEvents.EDGE)).toList();
        assertThat(steer).containsExactly("ecs 10.2.1.0/24 -> edge-tokyo", "resolver 10.1.4.53 -> edge-paris",
                "ecs 10.1.1.0/24 -> edge-paris");
    }

    @Test
    void an_answer_scoped_to_tokyo_is_not_given_to_paris_but_serves_tokyo_again_from_the_cache() {
        // Paris's request asked cdn-dns again (the third steer above); the dig at 8 s did not
        List<TraceEvent> steers = run.events(DnsEvents.STEER);
        assertThat(steers).hasSize(3);
        assertThat(steers.get(2).time()).isBetween(6_000_000_000L, 7_000_000_000L);
        List<String> dig = run.terminal("laptop-tokyo-1");
        assertThat(dig).contains("; CLIENT-SUBNET: 10.2.1.0/24/24");
        assertThat(dig.stream().filter(l -> l.startsWith("static.cdn.example.net.")).toList())
                .singleElement().asString().endsWith("IN\tA\t10.2.3.10").doesNotContain("\t20\tIN");
        assertThat(run.world().node("public-dns").service(RecursiveResolver.class).subnetCacheHits()).as("the dig at 8 s").isPositive();
    }

    @Test
    void tshark_reads_the_client_subnet_in_the_resolvers_queries_and_the_scope_in_the_answers() throws Exception {
        Oracles.tshark();
        Path pcap = run.dir().resolve("public-dns-eth0.pcap");
        assertThat(Files.exists(pcap)).isTrue();
        assertThat(Tshark.malformedCount(pcap)).isZero();
        List<Map<String, String>> ecs = Tshark.fields(pcap, "dns.opt.client.family && dns.qry.type == 1 && ip.dst == 203.0.113.53",
                "dns.qry.name", "dns.opt.client.addr4", "dns.opt.client.netmask", "dns.opt.client.scope");
        assertThat(ecs).extracting(m -> m.get("dns.qry.name") + " " + m.get("dns.opt.client.addr4") + "/"
                + m.get("dns.opt.client.netmask") + " scope " + m.get("dns.opt.client.scope"))
                .containsExactly("static.cdn.example.net 10.2.1.0/24 scope 0", "static.cdn.example.net 10.1.1.0/24 scope 0");
        List<Map<String, String>> answers = Tshark.fields(pcap, "dns.opt.client.family && dns.qry.type == 1 && ip.src == 203.0.113.53",
                "dns.opt.client.addr4", "dns.opt.client.scope", "dns.a");
        assertThat(answers).extracting(m -> m.get("dns.opt.client.addr4") + " scope " + m.get("dns.opt.client.scope") + " " + m.get("dns.a"))
                .containsExactly("10.2.1.0 scope 24 10.2.3.10", "10.1.1.0 scope 24 10.1.3.10");
        // plain-dns sends no option at all
        Path plain = run.dir().resolve("plain-dns-eth0.pcap");
        assertThat(Tshark.count(plain, "dns.opt.client.family")).isZero();
        assertThat(Tshark.count(plain, "dns.qry.name == \"static.cdn.example.net\" && dns.qry.type == 1 && ip.dst == 203.0.113.53")).isEqualTo(1);
    }

    @Test
    void same_seed_same_bytes() {
        run.assertRerunIdentical();
    }
}
