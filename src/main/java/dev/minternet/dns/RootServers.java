package dev.minternet.dns;

import dev.minternet.wire.Ip4;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The 13 root server identities of the real internet (IANA root hints, named.root), with their
 * public IPv4 addresses. A world places some of them on nodes; the resolvers' hints list those.
 */
public final class RootServers {
    /** One root server identity: its letter, name and IPv4 address. */
    public record Root(char letter, Name name, int address) {
    }

    public static final List<Root> ALL = List.of(
            root('a', "198.41.0.4"),
            root('b', "170.247.170.2"),
            root('c', "192.33.4.12"),
            root('d', "199.7.91.13"),
            root('e', "192.203.230.10"),
            root('f', "192.5.5.241"),
            root('g', "192.112.36.4"),
            root('h', "198.97.190.53"),
            root('i', "192.36.148.17"),
            root('j', "192.58.128.30"),
            root('k', "193.0.14.129"),
            root('l', "199.7.83.42"),
            root('m', "202.12.27.33"));

    /** The root zone's NS and A TTLs in named.root (6 days and 6 days; 518400 s). */
    public static final long HINT_TTL = 518400;

    private RootServers() {
    }

    private static Root root(char letter, String addr) {
        return new Root(letter, Name.fromConstantString(letter + ".root-servers.net."), Ip4.parse(addr));
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
