package dev.minternet.tools;

import dev.minternet.dns.ServerAddress;
import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.Map;

/**
 * What {@code cat} and {@code tail} read: the node's file area ({@link NodeFiles}), and the system
 * files a learner looks at first, made from the node's own state when read: {@code /etc/hostname},
 * {@code /etc/resolv.conf} (the resolver's name servers, and its options when they are not
 * resolv.conf(5)'s defaults; none on a node without a resolver) and {@code /etc/hosts} (Debian's
 * lines for localhost, the node's own entries, then the world's names: each node's name stands for
 * its first address, which is how every node resolves them).
 */
final class SystemFiles {
    private SystemFiles() {
    }

    /** The content of {@code path} on {@code node}, or null when there is no such file. */
    static String read(Node node, String path) {
        String written = NodeFiles.of(node).read(path);
        if (written != null) {
            return written;
        }
        return switch (path) {
            case "/etc/hostname" -> node.name() + "\n";
            case "/etc/resolv.conf" -> resolvConf(node);
            case "/etc/hosts" -> hosts(node);
            default -> null;
        };
    }

    private static String resolvConf(Node node) {
        StubResolver r = node.service(StubResolver.class);
        if (r == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (ServerAddress s : r.servers()) {
            b.append("nameserver ").append(s).append('\n');
        }
        if (r.timeoutNs() != StubResolver.DEFAULT_TIMEOUT_NS || r.attempts() != StubResolver.DEFAULT_ATTEMPTS) {
            b.append("options timeout:").append(r.timeoutNs() / Durations.S).append(" attempts:").append(r.attempts()).append('\n');
        }
        return b.toString();
    }

    private static String hosts(Node node) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n\n");
        b.append("# The following lines are desirable for IPv6 capable hosts\n");
        b.append("::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n");
        StubResolver r = node.service(StubResolver.class);
        if (r != null && !r.hostsEntries().isEmpty()) {
            b.append("\n# this node's own entries\n");
            r.hostsEntries().forEach((name, a) -> b.append(Ip4.str(a)).append('\t').append(name).append('\n'));
        }
        b.append("\n# the world's names (minternet): a node's name stands for its first address\n");
        for (Node n : node.world().nodes()) {
            int a = n.ip().primaryAddress();
            if (a != 0) {
                b.append(Ip4.str(a)).append('\t').append(n.name()).append('\n');
            }
        }
        for (Map.Entry<String, Integer> e : node.world().hostNames().entrySet()) {
            b.append(Ip4.str(e.getValue())).append('\t').append(e.getKey()).append('\n');
        }
        return b.toString();
    }
}
