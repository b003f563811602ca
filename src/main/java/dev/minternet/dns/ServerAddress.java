package dev.minternet.dns;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;

/**
 * The address of a DNS server, of either family: an IPv4 address ({@code v6} null) or an IPv6 one.
 * resolv.conf's {@code nameserver} lines, a forwarder's upstreams and a resolver's view of a name
 * server's addresses (A and AAAA) mix the two, in the order they were given.
 */
public record ServerAddress(int v4, Ip6 v6) {

    public static ServerAddress of(int v4) {
        return new ServerAddress(v4, null);
    }

    public static ServerAddress of(Ip6 v6) {
        return new ServerAddress(0, v6);
    }

    /**
     * A dotted quad or an IPv6 literal (as resolv.conf takes them); IllegalArgumentException
     * saying why otherwise.
     */
    public static ServerAddress parse(String s) {
        if (s.indexOf(':') >= 0) {
            Ip6 a = Ip6.parse(s);
            if (a.isMulticast() || a.isUnspecified()) {
                throw new IllegalArgumentException("not a unicast IPv6 address");
            }
            if (a.isLinkLocal()) {
                // glibc takes fe80::1%eth0; without a zone the address is ambiguous
                throw new IllegalArgumentException("a link-local name server needs a zone (fe80::1%eth0), not modelled;"
                        + " give a global address");
            }
            return of(a);
        }
        return of(Ip4.parse(s));
    }

    public boolean isV6() {
        return v6 != null;
    }

    @Override
    public String toString() {
        return v6 != null ? v6.toString() : Ip4.str(v4);
    }
}
