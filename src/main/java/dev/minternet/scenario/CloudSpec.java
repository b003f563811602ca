package dev.minternet.scenario;

import java.util.List;
import java.util.Map;

/**
 * What the {@code cloud:} section compiled to, kept beside the nodes so that tools can speak of
 * the cloud as its users wrote it ({@link Why} names "network ACL nacl-db inbound rule 100", not
 * "FORWARD rule 3 of db-a"): for each compiled node, its role, a sentence saying what it is, and
 * one label per written firewall rule of that node (in {@code FirewallConfig.rules()} order).
 */
public record CloudSpec(Map<String, CloudNode> nodes) {
    public CloudSpec {
        nodes = Map.copyOf(nodes);
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
        PEERING
    }

    /**
     * @param what a short description, e.g. "subnet db-a of vpc shop (network ACL nacl-db)"
     * @param rules one label per written firewall rule of the node, in order
     * @param policy what the node's chains' policies mean, e.g. "security groups web deny by default"
     */
    public record CloudNode(Role role, String what, List<String> rules, String policy) {
        public CloudNode {
            rules = List.copyOf(rules);
        }
    }
}
