package dev.minternet.tools;

import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.HappyEyeballs;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

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
        getaddrinfo(node, target, 4, found -> done.accept(found.isEmpty() ? 0 : found.get(0).v4()));
    }

    /** One address getaddrinfo answered: IPv4 ({@code v6} null) or IPv6. */
    record Addr(int v4, Ip6 v6) {
        static Addr of(int v4) {
            return new Addr(v4, null);
        }

        static Addr of(Ip6 v6) {
            return new Addr(0, v6);
        }

        boolean isV6() {
            return v6 != null;
        }

        @Override
        public String toString() {
            return v6 != null ? v6.toString() : Ip4.str(v4);
        }
    }

    /**
     * getaddrinfo with AF_UNSPEC ({@code family} 0), AF_INET (4) or AF_INET6 (6), as glibc answers
     * it with "hosts: files dns": a literal as it is; {@code localhost} (127.0.0.1, or ::1 for
     * AF_INET6); a name of the world's hosts table, its node's address of the family (node names
     * stand for IPv4 addresses, and for the node's first global IPv6 address when only IPv6 is
     * asked); else the node's stub resolver, asked A then AAAA (one of them for AF_INET or
     * AF_INET6), the answers in RFC 6724's order: IPv6 first when the node has a source address
     * for it (rule 1, usable destinations; rule 6, precedence 40 over IPv4's 35), else IPv4 first.
     * {@code done} gets the list, empty when the name does not resolve; it may run later.
     */
    static void getaddrinfo(Node node, String host, int family, Consumer<List<Addr>> done) {
        if (Ip4.isAddress(host)) {
            done.accept(family == 6 ? List.of() : List.of(Addr.of(Ip4.parse(host))));
            return;
        }
        if (Ip6.isAddress(host)) {
            done.accept(family == 4 ? List.of() : List.of(Addr.of(Ip6.parse(host))));
            return;
        }
        if (family == 6) {
            Ip6 named = Ping6.resolve(node, host); // localhost and the node names
            if (named != null) {
                done.accept(List.of(Addr.of(named)));
                return;
            }
        }
        int fromHosts = node.world().resolve(host);
        StubResolver stub = node.service(StubResolver.class);
        if (fromHosts != 0 || stub == null) {
            done.accept(fromHosts != 0 && family != 6 ? List.of(Addr.of(fromHosts)) : List.of());
            return;
        }
        if (stub.hostsAddress(host) != null) {
            // glibc's files backend found it: its IPv4 line is the whole answer, DNS is not asked
            stub.lookup(host, Type.A, ans -> done.accept(family == 6 ? List.of() : List.of(Addr.of(ans.addresses().get(0)))));
            return;
        }
        List<Integer> v4 = new ArrayList<>();
        List<Ip6> v6 = new ArrayList<>();
        int[] pending = {family == 0 ? 2 : 1};
        Runnable answered = () -> {
            if (--pending[0] > 0) {
                return;
            }
            List<Addr> out = new ArrayList<>();
            boolean v6First = node.hasIp6() && HappyEyeballs.prefersV6(node, v6);
            if (v6First) {
                v6.forEach(a -> out.add(Addr.of(a)));
            }
            v4.forEach(a -> out.add(Addr.of(a)));
            if (!v6First) {
                v6.forEach(a -> out.add(Addr.of(a)));
            }
            done.accept(out);
        };
        if (family != 6) {
            stub.lookup(host, Type.A, ans -> {
                v4.addAll(ans.addresses());
                answered.run();
            });
        }
        if (family != 4) {
            stub.lookup(host, Type.AAAA, ans -> {
                for (Record r : ans.records()) {
                    if (r instanceof AAAARecord q) {
                        v6.add(Ip6.read(q.getAddress().getAddress(), 0));
                    }
                }
                answered.run();
            });
        }
    }

    /** The first address of {@code family} (0: either) in getaddrinfo's order, or null. */
    static Addr first(List<Addr> found, int family) {
        for (Addr a : found) {
            if (family == 0 || (family == 6) == a.isV6()) {
                return a;
            }
        }
        return null;
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
