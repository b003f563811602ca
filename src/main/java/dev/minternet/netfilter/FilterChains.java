package dev.minternet.netfilter;

import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import java.util.List;

/**
 * A firewall's filter table as the listing tools (iptables, ip6tables) read it: each chain's
 * policy, the policy's counter and the rules in the order they are tried with their counters. IPv4's
 * {@link Firewall} and IPv6's {@link Firewall6} each keep their own.
 */
public interface FilterChains {
    /** The rules of chain {@code d} in the order they are tried, with their counters. */
    List<Firewall.Entry> chain(Direction d);

    /** The policy of chain {@code d}. */
    Action policy(Direction d);

    /** Packets and bytes chain {@code d}'s policy decided. */
    Firewall.Counter policyCounter(Direction d);
}
