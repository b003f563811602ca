package dev.minternet.tools;

import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import java.util.function.IntConsumer;

/**
 * How tools turn a host argument into an address, as getaddrinfo with "hosts: files dns" does:
 * a dotted quad is used as it is; the world's hosts table (node names) comes first; then the
 * node's stub resolver, when the node has one. The answer may come later in simulated time.
 */
final class Names {
    private Names() {
    }

    /** Calls {@code done} with the address, or 0 when the name cannot be resolved. */
    static void resolve(Node node, String target, IntConsumer done) {
        StubResolver.getaddrinfo(node, target, done);
    }

    /** The ip6.arpa name of an IPv6 address: its 32 nibbles, lowest first, as labels (RFC 3596 2.5). */
    static String reverseName6(dev.minternet.wire.Ip6 address) {
        byte[] b = address.bytes();
        StringBuilder s = new StringBuilder();
        for (int i = b.length - 1; i >= 0; i--) {
            s.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        }
        return s.append("ip6.arpa.").toString();
    }

    /** The in-addr.arpa name of an IPv4 address (or its first octets, as dig -x takes them), for a PTR lookup (RFC 1035 3.5). */
    static String reverseName(String address) {
        String[] o = address.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = o.length - 1; i >= 0; i--) {
            b.append(Integer.parseInt(o[i])).append('.');
        }
        return b.append("in-addr.arpa.").toString();
    }
}
