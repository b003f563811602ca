package dev.minternet.dns;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The 13 root server identities of the real internet (IANA root hints, named.root), with their
 * public IPv4 and IPv6 addresses. A world places some of them on nodes (a node holding either
 * address is that root server); the resolvers' hints list those.
 */
public final class RootServers {
    /** One root server identity: its letter, name, IPv4 and IPv6 addresses. */
    public record Root(char letter, Name name, int address, Ip6 address6) {
    }

    public static final List<Root> ALL = List.of(
            root('a', "198.41.0.4", "2001:503:ba3e::2:30"),
            root('b', "170.247.170.2", "2801:1b8:10::b"),
            root('c', "192.33.4.12", "2001:500:2::c"),
            root('d', "199.7.91.13", "2001:500:2d::d"),
            root('e', "192.203.230.10", "2001:500:a8::e"),
            root('f', "192.5.5.241", "2001:500:2f::f"),
            root('g', "192.112.36.4", "2001:500:12::d0d"),
            root('h', "198.97.190.53", "2001:500:1::53"),
            root('i', "192.36.148.17", "2001:7fe::53"),
            root('j', "192.58.128.30", "2001:503:c27::2:30"),
            root('k', "193.0.14.129", "2001:7fd::1"),
            root('l', "199.7.83.42", "2001:500:9f::42"),
            root('m', "202.12.27.33", "2001:dc3::35"));

    /** The root zone's NS and A TTLs in named.root (6 days and 6 days; 518400 s). */
    public static final long HINT_TTL = 518400;

    private RootServers() {
    }

    private static Root root(char letter, String addr, String addr6) {
        return new Root(letter, Name.fromConstantString(letter + ".root-servers.net."), Ip4.parse(addr), Ip6.parse(addr6));
    }

    /** The root with this letter (a-m), or null. */
    public static Root byLetter(char letter) {
        for (Root r : ALL) {
            if (r.letter() == letter) {
                return r;
            }
        }
        return null;
    }
}
