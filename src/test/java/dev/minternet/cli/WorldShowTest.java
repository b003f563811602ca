package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minternet world show}: the map, the services, the DNS names and the URLs, read from the world. */
class WorldShowTest {
    @TempDir
    Path dir;

    @Test
    void the_default_world_shows_its_map_services_names_and_urls() {
        Outcome o = CliTest.exec("world", "show");
        assertThat(o.code()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out())
                .contains("map (from laptop; each branch a link: name, rate, one-way delay):\n  laptop\n"
                        + "  └─ home-lan 300 Mbit/s 2 ms ── home-lan (switch)\n"
                        + "     └─ home-lan 300 Mbit/s 0 ms ── home-router\n"
                        + "        └─ access 100 Mbit/s 8 ms ── isp-a-access\n")
                // the home LAN's ports: the laptop's address is a DHCP lease, the router's LAN port has its IPv6 /64
                .contains("  laptop           host   eth0=dhcp(192.168.1.10)\n")
                .contains("  home-router      router eth1=81.2.10.2/30,2001:db8:81:10::2/64 eth0=192.168.1.1/24,2001:db8:81:200::1/64\n")
                .contains("links that close a loop:\n    transit-2 -- transit-dc 40 Gbit/s 1 ms -- dc-edge\n")
                .contains("  lb               lb port 443 (TLS), round-robin over web-1:80, web-2:80, web-3:80, "
                        + "health /health\n")
                .contains("  app              app port 8080, 4 workers, database db:5432 (pool 4), cache redis:6379 (TTL 60 s)\n")
                .contains("  redis            redis port 6379, maxmemory 67108864 bytes allkeys-lru\n")
                .contains("  www.example.com              A 93.184.216.34    lb\n")
                // the load balancer also answers plain HTTP on port 8080: the CDN shield's origin
                .contains("  lb               lb port 8080, round-robin over web-1:80, web-2:80, web-3:80, health /health\n")
                .contains("  edge-ixp         cdn port 443 (TLS), shield cdn-shield:80, cache 64000000 bytes, ttl 3600 s\n")
                .contains("  cdn-dns          cdn-dns port 53, zone cdn.example.net, edges edge-ixp, edge-transit, ttl 20s\n")
                // port 80 answers with a 301 to the same host and path over HTTPS
                .contains("  lb               redirect port 80, 301 to https://$host$request_uri\n")
                .contains("URLs to visit (6):\n  minternet visit https://example.com/\n  minternet visit http://example.com:8080/\n"
                        + "  minternet visit http://example.com/\n  minternet visit https://www.example.com/\n"
                        + "  minternet visit http://www.example.com:8080/\n  minternet visit http://www.example.com/\n");
    }

    @Test
    void a_world_without_web_servers_has_no_urls_and_says_why() throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, """
                name: two
                nodes:
                  - {name: a, kind: host}
                  - {name: r, kind: router}
                  - {name: b, kind: host}
                  - {name: lonely, kind: host}
                links:
                  - {name: left, a: a 10.0.0.1/24, b: r 10.0.0.254/24, bandwidth: 10Mbps, delay: 1500us}
                  - {name: right, a: r 10.0.1.254/24, b: b 10.0.1.1/24}
                """);
        Outcome o = CliTest.exec("world", "show", "--world", f.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out())
                .contains("  a\n  └─ left 10 Mbit/s 1.500 ms ── r\n     └─ right ")
                .contains("not linked to a: lonely\n")
                .contains("services (0):\n")
                .contains("URLs to visit (0):\n  none: no DNS name points at a web server")
                .doesNotContain("lb ");
    }

    @Test
    void urls_name_the_port_when_it_is_not_the_schemes_and_the_world_file_to_visit_with() throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, """
                name: web
                nodes:
                  - {name: laptop, kind: host}
                  - {name: server, kind: host, services: [{type: web, port: 8080, root: site}]}
                links:
                  - {a: laptop 10.0.0.1/24, b: server 10.0.0.2/24}
                dns:
                  zones:
                    - name: test
                      servers: [server]
                      records: |
                        @    3600 IN SOA ns.test. admin.test. 1 7200 3600 1209600 3600
                        @    3600 IN NS  ns.test.
                        ns   3600 IN A   10.0.0.2
                        shop 3600 IN A   10.0.0.2
                """);
        Outcome o = CliTest.exec("world", "show", "--world", f.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("  server           web port 8080, static files\n")
                .contains("  minternet visit --world " + f + " http://ns.test:8080/\n")
                .contains("  minternet visit --world " + f + " http://shop.test:8080/\n");
    }

    @Test
    void visit_help_lists_the_default_worlds_urls_before_its_examples() {
        Outcome o = CliTest.exec("visit", "--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("URLs of the default world (minternet world show lists them with its map):\n"
                + "  https://example.com/\n  http://example.com:8080/\n  http://example.com/\n  https://www.example.com/\n"
                + "  http://www.example.com:8080/\n  http://www.example.com/\n\nExamples:\n  minternet visit https://www.example.com/\n");
    }
}
