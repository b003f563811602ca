package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dns: section and per-node resolver: fields report one-line file:line:column errors. */
class ScenarioDnsErrorsTest {
    /** Three nodes, the server holding a.root-servers.net's address; "dns:" is on line 14. */
    private static final String BASE = """
            name: t
            nodes:
              - name: laptop
                kind: host
              - name: router
                kind: router
              - name: server
                kind: host
            links:
              - a: laptop 10.0.0.1/30
                b: router 10.0.0.2/30
              - a: router 198.41.0.1/24
                b: server 198.41.0.4/24
            """;

    @TempDir
    Path dir;

    /** A scenario in the temporary folder, so that its zone files lie in its own folder. */
    private ScenarioException problemInDir(String yaml) {
        try {
            Scenario s = ScenarioLoader.parse(dir.resolve("bad.yaml").toString(), yaml);
            throw new AssertionError("expected a ScenarioException, got " + s);
        } catch (ScenarioException e) {
            return e;
        }
    }

    @Test
    void an_unknown_dns_field_lists_the_allowed_ones() {
        assertProblem(BASE + "dns:\n  zone: []\n", 15, 3, "dns.zone", "allowed: zones, recursive, forwarders");
    }

    @Test
    void a_zone_server_must_be_a_node() {
        assertProblem(BASE + "dns:\n  zones:\n    - {name: example.com, servers: [nobody]}\n", 16, 37,
                "dns.zones[0].servers[0]", "unknown node 'nobody'");
    }

    @Test
    void a_bad_ipv6_nameserver_is_reported_at_its_field() {
        assertProblem(BASE.replace("kind: host\n  - name: router", "kind: host\n    resolver: {nameservers: [10.0.0.2, '2001:db8::1::53']}\n  - name: router"),
                5, 40, "nodes[0].resolver.nameservers[1]", "bad IPv6 address '2001:db8::1::53': '::' appears twice");
    }

    @Test
    void a_link_local_nameserver_without_a_zone_is_refused() {
        assertProblem(BASE.replace("kind: host\n  - name: router", "kind: host\n    resolver: {nameservers: [fe80::1]}\n  - name: router"),
                5, 30, "nodes[0].resolver.nameservers[0]", "a link-local name server needs a zone");
    }

    @Test
    void a_multicast_forwarder_upstream_is_refused() {
        assertProblem(BASE + "dns:\n  forwarders:\n    - {node: router, upstream: [ff02::1]}\n", 16, 33,
                "dns.forwarders[0].upstream[0]", "bad IPv6 address 'ff02::1': not a unicast IPv6 address");
    }

    @Test
    void a_root_server_must_hold_a_root_address() {
        assertProblem(BASE + "dns:\n  zones:\n    - {name: '.', servers: [laptop]}\n", 16, 29,
                "dns.zones[0].servers[0]", "must hold one of the 13 root server addresses");
    }

    @Test
    void a_missing_zone_file_is_reported_at_the_file_field() {
        assertProblem(BASE + "dns:\n  zones:\n    - {name: example.com, file: nowhere.zone, servers: [server]}\n",
                16, 33, "dns.zones[0].file", "cannot read zone file 'nowhere.zone': no such file");
    }

    @Test
    void a_zone_file_syntax_error_names_the_zone_file_line() throws Exception {
        Path z = dir.resolve("bad.zone");
        Files.writeString(z, "$TTL 3600\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nwww IN A 300.1.2.3\n");
        ScenarioException e = problemInDir(BASE + "dns:\n  zones:\n    - {name: example.com, file: " + z
                + ", servers: [server]}\n");
        assertThat(e.getMessage()).startsWith(dir.resolve("bad.yaml") + ":16:33: dns.zones[0].file: zone file '" + z + "': ")
                .endsWith("bad.zone:4: Invalid address: 300.1.2.3");
    }

    @Test
    void a_zone_file_without_soa_is_refused() throws Exception {
        Path z = dir.resolve("nosoa.zone");
        Files.writeString(z, "$TTL 3600\n@ IN NS ns1\n");
        ScenarioException e = problemInDir(BASE + "dns:\n  zones:\n    - {name: example.com, file: " + z
                + ", servers: [server]}\n");
        assertThat(e.getMessage()).contains("dns.zones[0].file").contains("no SOA record at the apex example.com");
    }

    @Test
    void inline_zone_records_load_and_their_errors_name_the_line() {
        String ok = BASE + "dns:\n  zones:\n    - name: example.com\n      servers: [server]\n      records: |\n"
                + "        @ 3600 IN SOA ns1 h 1 2 3 4 5\n        @ 3600 IN NS ns1\n        ns1 3600 IN A 10.9.9.9\n";
        assertThat(scenario(ok).dns().zones().get(0).records()).hasSize(3);
        assertProblem(ok.replace("10.9.9.9", "10.9.9.256"), 18, 16, "dns.zones[0].records",
                "zone records: line 3: Invalid address: 10.9.9.256");
        assertProblem(ok.replace("      records: |", "      file: x.zone\n      records: |"), 19, 7,
                "dns.zones[0].records", "either in 'file' or in 'records', not both");
    }

    private static Scenario scenario(String yaml) {
        try {
            return ScenarioLoader.parse("bad.yaml", yaml);
        } catch (ScenarioException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void a_zone_is_defined_once() {
        assertProblem(BASE + "dns:\n  zones:\n    - {name: com, servers: [server]}\n    - {name: COM., servers: [server]}\n",
                17, 14, "dns.zones[1].name", "duplicate zone 'COM.' (first at line 16)");
    }

    @Test
    void a_recursive_resolver_needs_root_servers() {
        assertProblem(BASE + "dns:\n  recursive:\n    - {node: router}\n", 16, 14, "dns.recursive[0].node",
                "add a zone named '.'");
    }

    @Test
    void one_dns_server_per_node() {
        assertProblem(BASE + "dns:\n  zones:\n    - {name: '.', servers: [server]}\n  forwarders:\n"
                + "    - {node: server, upstream: [10.0.0.2]}\n", 18, 14, "dns.forwarders[0].node",
                "already runs a DNS authoritative server on port 53");
    }

    @Test
    void a_forwarder_needs_an_upstream() {
        assertProblem(BASE + "dns:\n  forwarders:\n    - {node: router, upstream: []}\n", 16, 32,
                "dns.forwarders[0].upstream", "at least one upstream");
    }

    @Test
    void an_access_list_entry_is_a_prefix() {
        assertProblem(BASE + "dns:\n  zones:\n    - {name: '.', servers: [server]}\n  recursive:\n"
                + "    - {node: router, allow: [10.0.0.0/33]}\n", 18, 30, "dns.recursive[0].allow[0]", "bad prefix");
    }

    @Test
    void client_subnet_fields_are_checked() {
        String head = BASE + "dns:\n  zones:\n    - {name: '.', servers: [server]}\n  recursive:\n";
        assertProblem(head + "    - {node: router, max-client-subnet-ipv4: 40}\n", 18, 46,
                "dns.recursive[0].max-client-subnet-ipv4", "expected an integer from 0 to 32, got 40");
        assertProblem(head + "    - {node: router, client-subnet-zones: ['bad..name']}\n", 18, 44,
                "dns.recursive[0].client-subnet-zones[0]", "bad zone name 'bad..name'");
    }

    private static String withResolver(String resolver) {
        return BASE.replace("  - name: laptop\n    kind: host\n",
                "  - name: laptop\n    kind: host\n    resolver: " + resolver + "\n");
    }

    @Test
    void a_nameserver_is_an_address() {
        assertProblem(withResolver("{nameservers: [router]}"), 5, 30, "nodes[0].resolver.nameservers[0]",
                "bad address 'router'");
    }

    @Test
    void at_most_three_nameservers_as_glibc_reads() {
        assertProblem(withResolver("{nameservers: [10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5]}"), 5, 60,
                "nodes[0].resolver.nameservers[3]", "at most 3 nameservers");
    }

    @Test
    void a_hosts_entry_is_an_address_then_names() {
        assertProblem(withResolver("{hosts: [\"printer\"]}"), 5, 24, "nodes[0].resolver.hosts[0]",
                "expected 'address name [alias...]'");
    }

    @Test
    void attempts_are_limited_like_resolv_conf() {
        assertProblem(withResolver("{nameservers: [10.0.0.2], attempts: 9}"), 5, 51, "nodes[0].resolver.attempts",
                "from 1 to 5");
    }

    @Test
    void an_empty_resolver_is_refused() {
        assertProblem(withResolver("{timeout: 2s}"), 5, 15, "nodes[0].resolver", "needs 'nameservers' or 'hosts'");
    }

    @Test
    void a_good_dns_section_loads() throws Exception {
        Path z = dir.resolve("ok.zone");
        Files.writeString(z, "$TTL 3600\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 10.0.0.2\n");
        Scenario s = ScenarioLoader.parse(dir.resolve("ok.yaml").toString(), withResolver("{nameservers: [10.0.0.2], hosts: [\"10.0.0.9 nas nas.lan\"]}")
                + "dns:\n  zones:\n    - {name: '.', servers: [server]}\n    - {name: example.com, file: " + z
                + ", servers: [router]}\n  recursive:\n    - {node: laptop}\n");
        assertThat(s.dns().zones()).hasSize(2);
        assertThat(s.dns().zones().get(1).records()).hasSize(3);
        assertThat(s.dns().recursive().get(0).allow()).extracting(Object::toString).containsExactly("127.0.0.0/8", "10.0.0.0/30");
        assertThat(s.nodes().get(0).resolver().hosts()).containsOnlyKeys("nas", "nas.lan");
    }
}
