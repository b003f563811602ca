package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import org.junit.jupiter.api.Test;

/**
 * {@code minternet world export --world FILE}: the primitives a cloud compiled to, each new piece
 * named: a VPC resolver and its private zone, a transit gateway's attachments and route tables
 * (the blackhole as a FORWARD drop), a network load balancer's flow-hashed forwarding.
 */
class WorldExportCloudTest {
    @Test
    void a_vpc_resolver_shows_its_address_links_and_private_zone() {
        Outcome o = CliTest.exec("world", "export", "--world", "examples/cloud-private-dns.yaml");
        assertThat(o.code()).isZero();
        assertThat(o.out())
                .contains("  - name: shop-dns\n    kind: host\n    # resolver: resolver of vpc shop at 10.0.0.2 (private"
                        + " zones: example.com)\n    interfaces: [eth0 10.0.0.2/30, eth1 169.254.0.1/30]\n")
                .contains("    # answers on udp/tcp 53 clients in 10.0.0.0/16; other names relayed to 192.0.2.53\n")
                .contains("          www.example.com. 300 IN A 10.0.1.10\n")
                .contains("    resolver: {nameservers: [10.0.0.2]}\n")
                .contains("# to the VPC resolver 10.0.0.2/32 (network ACLs do not filter Amazon DNS)");
    }

    @Test
    void a_transit_gateway_shows_its_attachments_tables_and_blackhole() {
        Outcome o = CliTest.exec("world", "export", "--world", "examples/cloud-transit-gateway.yaml");
        assertThat(o.code()).isZero();
        assertThat(o.out())
                .contains("      - default via 169.254.0.10 dev eth0    # attachment of vpc dev to tgw, associated with"
                        + " route table rt-spokes\n")
                .contains("      - 10.0.0.0/16 via 169.254.0.1 dev eth0    # transit gateway tgw route table rt-spokes"
                        + " route 10.0.0.0/16 -> attachment of vpc shared (propagated)\n")
                .contains("        - deny forward all to 10.0.0.0/8    # transit gateway tgw route table rt-spokes route"
                        + " 10.0.0.0/8 (blackhole)\n");
    }

    @Test
    void export_without_world_still_prints_the_default_world_and_a_missing_file_is_one_line() {
        assertThat(CliTest.exec("world", "export").out()).startsWith("#");
        Outcome bad = CliTest.exec("world", "export", "--world", "no-such.yaml");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("no-such.yaml");
    }
}
