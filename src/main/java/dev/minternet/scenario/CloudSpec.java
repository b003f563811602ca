package dev.minternet.scenario;

import dev.minternet.netfilter.NlbFabric;
import dev.minternet.wire.Ip4.Cidr;
import java.util.List;
import java.util.Map;

/**
 * What the {@code cloud:} section compiled to, kept beside the nodes so that tools can speak of
 * the cloud as its users wrote it ({@link Why} names "network ACL nacl-db inbound rule 100", not
 * "FORWARD rule 3 of db-a"): for each compiled node, its role, a sentence saying what it is, and
 * one label per written firewall rule of that node (in {@code FirewallConfig.rules()} order).
 */
public record CloudSpec(Map<String, CloudNode> nodes, List<VpcDns> resolvers, List<NlbFabric.Spec> nlbs) {
    public CloudSpec {
        nodes = Map.copyOf(nodes);
        resolvers = List.copyOf(resolvers);
        nlbs = List.copyOf(nlbs);
    }

    public CloudSpec(Map<String, CloudNode> nodes, List<VpcDns> resolvers) {
        this(nodes, resolvers, List.of());
    }

    public CloudSpec(Map<String, CloudNode> nodes) {
        this(nodes, List.of());
    }

    /**
     * A VPC's resolver (Route 53 Resolver): the node that holds the VPC's base + 2 address, the
     * VPC's block (the clients it answers), the private hosted zones associated with the VPC, and
     * the public resolvers it relays other names to.
     */
    public record VpcDns(String node, Cidr vpc, List<PrivateZone> zones, List<Integer> upstream) {
        public VpcDns {
            zones = List.copyOf(zones);
            upstream = List.copyOf(upstream);
        }
    }

    /** A private hosted zone: its origin, its records (with the SOA and NS Route 53 adds), its VPCs. */
    public record PrivateZone(String name, List<org.xbill.DNS.Record> records, List<String> vpcs) {
        public PrivateZone {
            records = List.copyOf(records);
            vpcs = List.copyOf(vpcs);
        }
    }

    /** What a compiled node stands for. */
    public enum Role {
        /** An instance (or load balancer, bastion): its firewall is its security groups. */
        INSTANCE,
        /** A subnet's share of the VPC router: its route table and its network ACL. */
        SUBNET,
        /** An internet gateway: one-to-one NAT of public addresses. */
        INTERNET_GATEWAY,
        /** A NAT gateway: masquerade for private subnets. */
        NAT_GATEWAY,
        /** A VPC peering connection: carries traffic between its two VPCs only. */
        PEERING,
        /** A VPC's resolver at the VPC's base + 2 (private hosted zones, split horizon). */
        RESOLVER,
        /** A transit gateway's attachment to one VPC: into the VPC, or to its associated route table. */
        TGW_ATTACHMENT,
        /** A transit gateway route table: its routes (propagated, static, blackhole). */
        TGW_ROUTE_TABLE,
        /** A network load balancer's node in one zone: holds its address, sends its health checks. */
        NLB
    }

    /**
     * @param what a short description, e.g. "subnet db-a of vpc shop (network ACL nacl-db)"
     * @param rules one label per written firewall rule of the node, in order
     * @param policy what the node's chains' policies mean, e.g. "security groups web deny by default"
     * @param routes what the cloud calls some of the node's routes, by prefix ("10.2.0.0/16"): a
     *        transit gateway route table's routes, named in {@code minternet why}'s hops
     */
    public record CloudNode(Role role, String what, List<String> rules, String policy, Map<String, String> routes) {
        public CloudNode {
            rules = List.copyOf(rules);
            routes = Map.copyOf(routes);
        }

        public CloudNode(Role role, String what, List<String> rules, String policy) {
            this(role, what, rules, policy, Map.of());
        }

        /** What the cloud calls the route to {@code prefix} (e.g. "10.2.0.0/16"), or null. */
        public String route(String prefix) {
            return routes.get(prefix);
        }
    }
}
