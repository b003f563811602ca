package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.RouteSpec;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Record;

/**
 * A loaded scenario as the primitives it compiled to, for {@code minternet world export --world
 * FILE}: every node with its interfaces, static routes, firewall chains, NAT and resolver, and
 * every link; for a {@code cloud:} section, each compiled node says what cloud object it is and
 * each route and rule what the cloud calls it (a transit gateway's route, a network ACL's rule),
 * and each VPC resolver lists its private zones' records. YAML in shape, for reading: the
 * firewall and NAT lines are summaries, not the {@code firewall:} section's syntax.
 */
public final class CloudExport {
    private CloudExport() {
    }

    public static String text(Scenario s) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(s.name()).append(": the primitives it compiled to (minternet world export --world ")
                .append(s.file()).append(")\n");
        b.append("# for reading: comments name the cloud objects; firewall and nat lines are summaries\n");
        b.append("nodes:\n");
        CloudSpec cloud = s.cloud();
        for (NodeSpec n : s.nodes()) {
            CloudSpec.CloudNode cn = cloud == null ? null : cloud.nodes().get(n.name());
            b.append("  - name: ").append(n.name()).append('\n');
            b.append("    kind: ").append(n.kind().name().toLowerCase(Locale.ROOT)).append('\n');
            if (cn != null) {
                b.append("    # ").append(cn.role().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(": ")
                        .append(cn.what()).append('\n');
            }
            List<String> ifaces = new ArrayList<>();
            for (LinkSpec l : s.links()) {
                for (Scenario.Endpoint e : new Scenario.Endpoint[] {l.a(), l.b()}) {
                    if (e.node().equals(n.name())) {
                        ifaces.add(e.iface() + addresses(e));
                    }
                }
            }
            if (!ifaces.isEmpty()) {
                b.append("    interfaces: [").append(String.join(", ", ifaces)).append("]\n");
            }
            if (!n.routes().isEmpty()) {
                b.append("    routes:\n");
                for (RouteSpec r : n.routes()) {
                    String prefix = r.dest().networkString();
                    b.append("      - ").append(r.dest().length() == 0 ? "default" : prefix);
                    if (r.via() != 0) {
                        b.append(" via ").append(Ip4.str(r.via()));
                    }
                    if (r.dev() != null) {
                        b.append(" dev ").append(r.dev());
                    }
                    String label = cn == null ? null : cn.route(prefix);
                    if (label != null) {
                        b.append("    # ").append(label);
                    }
                    b.append('\n');
                }
            }
            FirewallConfig fw = n.firewall();
            if (fw != null) {
                b.append("    firewall:\n");
                b.append("      policy: {input: ").append(low(fw.policyIn())).append(", output: ").append(low(fw.policyOut()))
                        .append(", forward: ").append(low(fw.policyForward())).append("}\n");
                List<String> st = new ArrayList<>();
                for (Direction d : fw.stateful()) {
                    st.add(d.name().toLowerCase(Locale.ROOT));
                }
                b.append("      stateful: [").append(String.join(", ", st)).append("]\n");
                b.append("      rules:\n");
                for (int i = 0; i < fw.rules().size(); i++) {
                    b.append("        - ").append(fw.rules().get(i));
                    if (cn != null && i < cn.rules().size()) {
                        b.append("    # ").append(cn.rules().get(i));
                    }
                    b.append('\n');
                }
            }
            NatConfig nat = n.nat();
            if (nat != null) {
                b.append("    nat: {outside: ").append(nat.outside()).append(", masquerade: ").append(nat.masquerade())
                        .append("}\n");
                for (NatConfig.StaticMap m : nat.statics()) {
                    b.append("      - one-to-one ").append(Ip4.str(m.insideAddr())).append(" <-> ")
                            .append(Ip4.str(m.publicAddr())).append('\n');
                }
            }
            if (n.resolver() != null && !n.resolver().nameservers().isEmpty()) {
                List<String> ns = new ArrayList<>();
                for (int a : n.resolver().nameservers()) {
                    ns.add(Ip4.str(a));
                }
                b.append("    resolver: {nameservers: [").append(String.join(", ", ns)).append("]}\n");
            }
            if (!n.services().isEmpty()) {
                List<String> sv = new ArrayList<>();
                for (Scenario.ServiceSpec x : n.services()) {
                    sv.add(ServiceTypes.describe(x));
                }
                b.append("    services: [").append(String.join("; ", sv)).append("]\n");
            }
            if (cloud != null) {
                for (dev.minternet.netfilter.NlbFabric.Spec nlb : cloud.nlbs()) {
                    CloudNlbs.export(b, nlb, n.name());
                }
                for (CloudSpec.VpcDns d : cloud.resolvers()) {
                    if (!d.node().equals(n.name())) {
                        continue;
                    }
                    b.append("    # answers on udp/tcp 53 clients in ").append(d.vpc().networkString());
                    if (!d.upstream().isEmpty()) {
                        List<String> up = new ArrayList<>();
                        for (int a : d.upstream()) {
                            up.add(Ip4.str(a));
                        }
                        b.append("; other names relayed to ").append(String.join(", ", up));
                    }
                    b.append('\n');
                    b.append("    private-zones:\n");
                    for (CloudSpec.PrivateZone z : d.zones()) {
                        b.append("      - name: ").append(z.name()).append('\n');
                        b.append("        records: |\n");
                        for (Record r : z.records()) {
                            b.append("          ").append(r.toString().replace('\t', ' ')).append('\n');
                        }
                    }
                }
            }
        }
        b.append("links:\n");
        for (LinkSpec l : s.links()) {
            b.append("  - {name: ").append(l.name()).append(", a: ").append(end(l.a())).append(", b: ").append(end(l.b()))
                    .append(", delay: ").append(l.delayNs() / 1000).append("us}\n");
        }
        return b.toString();
    }

    private static String end(Scenario.Endpoint e) {
        return e.node() + addresses(e);
    }

    /** " 10.0.0.1/30", with the end's IPv6 addresses after it when it has them. */
    private static String addresses(Scenario.Endpoint e) {
        return (e.address() != null ? " " + Ip4.str(e.address().address()) + "/" + e.address().length() : "")
                + (e.address6() != null ? " " + e.address6() : "") + (e.linkLocal() != null ? " " + e.linkLocal() + "/64" : "");
    }

    private static String low(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
