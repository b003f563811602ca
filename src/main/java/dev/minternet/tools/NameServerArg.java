package dev.minternet.tools;

import dev.minternet.dns.DnsClient;
import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.function.Consumer;

/**
 * The server BIND's nslookup and host ask: the one named on the command line (an address, or a
 * name looked up as getaddrinfo would), else the node's first nameserver (resolv.conf). It keeps
 * the text the user typed, which both tools print ("Server:", "Name:").
 */
record NameServerArg(String shown, int address, boolean given) {

    /**
     * Calls {@code then} with the server, or prints {@code tool}'s complaint and ends the command
     * with exit status 1 when it cannot be found.
     */
    static void find(Node node, String arg, Terminal term, String tool, Consumer<NameServerArg> then) {
        if (arg != null) {
            Names.resolve(node, arg, addr -> {
                if (addr == 0) {
                    term.println(tool + ": couldn't get address for '" + arg + "': not found"); // dighost.c's fatal()
                    term.exit(1);
                    return;
                }
                then.accept(new NameServerArg(arg, addr, true));
            });
            return;
        }
        StubResolver stub = node.service(StubResolver.class);
        if (stub == null || stub.nameservers().isEmpty()) {
            term.println(tool + ": no nameservers configured on " + node.name() + " (give it a resolver: with nameservers)");
            term.exit(1);
            return;
        }
        int a = stub.nameservers().get(0);
        then.accept(new NameServerArg(Ip4.str(a), a, false));
    }

    /** The node's first nameserver (resolv.conf), or null when it has none. */
    static NameServerArg defaultOf(Node node) {
        StubResolver stub = node.service(StubResolver.class);
        if (stub == null || stub.nameservers().isEmpty()) {
            return null;
        }
        int a = stub.nameservers().get(0);
        return new NameServerArg(Ip4.str(a), a, false);
    }

    /** "198.51.100.53#53", as BIND's tools print a server address. */
    String withPort() {
        return withPort(53);
    }

    /** The same for a server asked on another port ({@code host -p}). */
    String withPort(int port) {
        return Ip4.str(address) + "#" + port;
    }

    /** BIND's line for a query to it that got no answer: ";; communications error to 198.51.100.53#53: timed out". */
    String communicationsError(DnsClient client) {
        return ";; communications error to " + withPort() + ": " + DnsClient.bindReason(client.lastFailure());
    }
}
