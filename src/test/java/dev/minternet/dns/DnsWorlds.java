package dev.minternet.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small DNS internet for tests, the shape of examples/dns.yaml: laptop (stub) - home
 * (forwarder) - isp - isp-dns (resolver), and behind ix: a-root, k-root, gtld (com, net),
 * org-tld, ns1 and ns2 (example.com, example.org, and two zones that delegate to each other
 * without glue), www. Zone files are written into a temporary directory.
 */
final class DnsWorlds {
    private DnsWorlds() {
    }

    static final String EXAMPLE_COM = """
            $ORIGIN example.com.
            $TTL 3600
            @       IN SOA  ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
                    IN NS   ns1.example.com.
                    IN NS   ns2.example.com.
            ns1     IN A    199.43.135.53
            ns2     IN A    199.43.133.53
            www 300 IN A    93.184.216.34
            shop    IN CNAME shops.example.org.
            loop1   IN CNAME loop2.example.com.
            loop2   IN CNAME loop1.example.com.
            big     IN TXT  "%s"
            big     IN TXT  "%s"
            big     IN TXT  "%s"
            huge    IN TXT  "%s"
            huge    IN TXT  "%s"
            huge    IN TXT  "%s"
            huge    IN TXT  "%s"
            huge    IN TXT  "%s"
            huge    IN TXT  "%s"
            """.formatted("a".repeat(250), "b".repeat(250), "c".repeat(250), "1".repeat(250), "2".repeat(250),
            "3".repeat(250), "4".repeat(250), "5".repeat(250), "6".repeat(250));

    static final String EXAMPLE_ORG = """
            $ORIGIN example.org.
            $TTL 3600
            @       IN SOA  ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
                    IN NS   ns1.example.com.
                    IN NS   ns2.example.com.
            shops   IN A    93.184.216.34
            """;

    /** Two zones whose name servers live in each other: no glue can break the loop. */
    static final String LOOP_A = """
            $ORIGIN loop-a.com.
            @ 3600 IN SOA ns.loop-b.net. h.loop-a.com. 1 7200 3600 1209600 300
            @ 3600 IN NS ns.loop-b.net.
            www 3600 IN A 93.184.216.34
            """;
    static final String LOOP_B = """
            $ORIGIN loop-b.net.
            @ 3600 IN SOA ns.loop-a.com. h.loop-b.net. 1 7200 3600 1209600 300
            @ 3600 IN NS ns.loop-a.com.
            """;

    /** A zone whose NS set names ns1, which does not serve it (a lame delegation, RFC 1912 2.8). */
    static final String LAME = """
            $ORIGIN lame.com.
            @ 3600 IN SOA ns2.example.com. h.lame.com. 1 7200 3600 1209600 300
            @ 3600 IN NS ns1.example.com.
            @ 3600 IN NS ns2.example.com.
            www 3600 IN A 93.184.216.34
            """;

    static String scenario(Path dir, String timeline) {
        try {
            Files.writeString(dir.resolve("example.com.zone"), EXAMPLE_COM);
            Files.writeString(dir.resolve("example.org.zone"), EXAMPLE_ORG);
            Files.writeString(dir.resolve("loop-a.zone"), LOOP_A);
            Files.writeString(dir.resolve("loop-b.zone"), LOOP_B);
            Files.writeString(dir.resolve("lame.zone"), LAME);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String d = dir.toAbsolutePath().toString();
        return """
                name: dns-test
                seed: 5
                routing: global
                nodes:
                  - name: laptop
                    kind: host
                    resolver: {nameservers: [192.168.1.1], hosts: ["192.168.1.20 printer"]}
                  - {name: home, kind: router}
                  - {name: isp, kind: router}
                  - {name: isp-dns, kind: host}
                  - {name: ix, kind: router}
                  - {name: a-root, kind: host}
                  - {name: k-root, kind: host}
                  - {name: gtld, kind: host}
                  - {name: org-tld, kind: host}
                  - {name: ns1, kind: host}
                  - {name: ns2, kind: host}
                  - {name: www, kind: host}
                links:
                  - {name: wifi, a: laptop 192.168.1.10/24, b: home 192.168.1.1/24, delay: 2ms}
                  - {name: access, a: home 100.64.0.2/30, b: isp 100.64.0.1/30, delay: 8ms}
                  - {a: isp 100.64.1.1/24, b: isp-dns 100.64.1.53/24, delay: 1ms}
                  - {a: isp 100.65.0.1/30, b: ix 100.65.0.2/30, delay: 5ms}
                  - {a: ix 198.41.0.1/24, b: a-root 198.41.0.4/24, delay: 6ms}
                  - {a: ix 193.0.14.1/24, b: k-root 193.0.14.129/24, delay: 12ms}
                  - {a: ix 192.5.6.1/24, b: gtld 192.5.6.30/24, delay: 9ms}
                  - {a: ix 199.19.56.2/24, b: org-tld 199.19.56.1/24, delay: 14ms}
                  - {name: to-ns1, a: ix 199.43.135.1/24, b: ns1 199.43.135.53/24, delay: 11ms}
                  - {name: to-ns2, a: ix 199.43.133.1/24, b: ns2 199.43.133.53/24, delay: 18ms}
                  - {a: ix 93.184.216.1/24, b: www 93.184.216.34/24, delay: 10ms}
                dns:
                  zones:
                    - {name: ".", servers: [a-root, k-root]}
                    - {name: com, servers: [gtld]}
                    - {name: net, servers: [gtld]}
                    - {name: org, servers: [org-tld]}
                    - {name: example.com, file: DIR/example.com.zone, servers: [ns1, ns2]}
                    - {name: example.org, file: DIR/example.org.zone, servers: [ns1, ns2]}
                    - {name: loop-a.com, file: DIR/loop-a.zone, servers: [ns1]}
                    - {name: loop-b.net, file: DIR/loop-b.zone, servers: [ns2]}
                    - {name: lame.com, file: DIR/lame.zone, servers: [ns2]}
                  recursive:
                    - {node: isp-dns, allow: [100.64.0.0/10, 192.168.0.0/16]}
                  forwarders:
                    - {node: home, upstream: [100.64.1.53]}
                timeline:
                """.replace("DIR", d) + timeline;
    }
}
