package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * host as BIND 9.18 prints it: {@code host [-v] [-r] [-T] [-t type] [-W secs] [-R retries] name
 * [server]}. Without {@code -t} it asks for A, then AAAA and MX of the name the CNAME chain ends
 * at, and says each record in words ("www.example.com has address 93.184.216.34", "... is an
 * alias for ...", "... mail is handled by 10 ..."); an address is looked up as its PTR ("domain
 * name pointer"). A named server is announced first ("Using domain server:"). An error rcode
 * prints "Host NAME not found: 3(NXDOMAIN)" and exits 1; {@code -t} with no such record prints
 * "NAME has no TYPE record". {@code -v} prints each reply as dig does, headed "Trying".
 * Also: {@code -c class}, {@code -C} (each authoritative server's SOA), {@code -A}, {@code -U},
 * {@code -w}, {@code -p port}; {@code -s} and {@code -N} change nothing a world shows (one
 * server asked; no search list); {@code -l} (AXFR) is refused, zone transfers not being modelled.
 */
public final class Host implements Tool {
    static final String[] USAGE = {
        "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]",
        "            [-R number] [-m flag] [-p port] hostname [server]",
        "       -a is equivalent to -v -t ANY",
        "       -A is like -a but omits RRSIG, NSEC, NSEC3",
        "       -c specifies query class for non-IN data",
        "       -C compares SOA records on authoritative nameservers",
        "       -d is equivalent to -v",
        "       -l lists all hosts in a domain, using AXFR",
        "       -m set memory debugging flag (trace|record|usage)",
        "       -N changes the number of dots allowed before root lookup is done",
        "       -p specifies the port on the server to query",
        "       -r disables recursive processing",
        "       -R specifies number of retries for UDP packets",
        "       -s a SERVFAIL response should stop query",
        "       -t specifies the query type",
        "       -T enables TCP/IP mode",
        "       -U enables UDP mode",
        "       -v enables verbose output",
        "       -V print version number and exit",
        "       -w specifies to wait forever for a reply",
        "       -W specifies how long to wait for a reply",
        "       -4 use IPv4 query transport only",
        "       -6 use IPv6 query transport only",
    };

    @Override
    public String name() {
        return "host";
    }

    @Override
    public String synopsis() {
        return "host [-aACdrsTUvw] [-c class] [-t type] [-W secs] [-R retries] [-p port] [-N ndots] name [server]";
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "tWRcmpN", "vdarT4AClsUwin");
            if (a.operands.isEmpty() || a.operands.size() > 2) {
                throw new IllegalArgumentException((String) null);
            }
            // host.c's fatal(): the message ends in a newline of its own, then fatal's; exit status 2
            if (a.has('t') && Type.value(a.str('t', "").toUpperCase(Locale.ROOT)) < 0) {
                term.println("host: invalid type: " + a.str('t', ""));
                term.println("");
                term.exit(2);
                return;
            }
            if (a.has('c') && DClass.value(a.str('c', "").toUpperCase(Locale.ROOT)) < 0) {
                term.println("host: invalid class: " + a.str('c', ""));
                term.println("");
                term.exit(2);
                return;
            }
            if (a.has('l')) {
                term.println("host: -l: zone transfers (AXFR) are not modelled here");
                term.exit(1);
                return;
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null) {
                term.println("host: " + e.getMessage().replace("invalid option -- '", "illegal option -- ")
                        .replace("option requires an argument -- '", "option requires an argument -- ").replace("'", ""));
            }
            for (String l : USAGE) {
                term.println(l);
            }
            term.exit(1);
            return;
        }
        // the server first, then the name: host.c looks the server up before it builds a query
        NameServerArg.find(node, a.operands.size() > 1 ? a.operands.get(1) : null, term, "host", srv -> {
            Session s;
            try {
                s = new Session(node, term, a);
            } catch (IllegalArgumentException e) {
                term.println("host: " + e.getMessage()); // 'a..b' is not a legal name (empty label)
                term.exit(1);
                return;
            }
            s.server = srv;
            if (a.has('C')) {
                // -C: the zone's name servers, then each one's SOA, headed "Nameserver ADDR:"
                new DigNsSearch(s.client, dev.minternet.dns.ServerAddress.of(srv.address()), s.timeoutNs, term,
                        s.lookups.peek().getName(), (addr, r) -> List.of("Nameserver " + addr + ":",
                        "\t" + Dns.show(r.getName()) + " has SOA record " + BindText.rdata(r))).start();
                return;
            }
            s.next();
        });
    }

    private static final class Session {
        final Node node;
        final Terminal term;
        final DnsClient client;
        final boolean verbose;
        final boolean recurse;
        final boolean tcp;
        final boolean defaultLookups;
        final long timeoutNs;
        final int tries;
        /** {@code -p}: the server's port; {@code -c}: the query's class. */
        final int port;
        final int qclass;
        final Deque<Record> lookups = new ArrayDeque<>();
        NameServerArg server;
        boolean announced;
        boolean failed;

        Session(Node node, Terminal term, Args a) {
            this.node = node;
            this.term = term;
            this.client = new DnsClient(node, "host");
            boolean any = a.has('a') || a.has('A');
            this.verbose = a.has('v') || a.has('d') || any;
            this.recurse = !a.has('r');
            // -t ANY goes over TCP unless -U says UDP (host.c); with both -T and -U here, UDP
            boolean tcpAny = a.has('t') && a.str('t', "").equalsIgnoreCase("ANY");
            this.tcp = a.has('T') && !a.has('U') || tcpAny && !a.has('U');
            this.port = a.has('p') ? (int) Math.max(0, Math.min(65535, Args.atoi(a.str('p', "")))) : 53;
            client.port(port);
            this.qclass = a.has('c') ? DClass.value(a.str('c', "").toUpperCase(Locale.ROOT)) : DClass.IN;
            // host.c reads both with atoi: no number is 0; at least 1 s a try and 2 tries. Without -W,
            // dighost's defaults: 5 s over UDP, 10 s over TCP (BIND 9.18, measured with a silent server)
            this.timeoutNs = a.has('w') ? Integer.MAX_VALUE * Durations.S
                    : (a.has('W') ? Math.max(1, Args.atoi(a.str('W', ""))) : tcp ? 10 : 5) * Durations.S;
            this.tries = a.has('R') ? (int) Math.min(100, Math.max(2, Args.atoi(a.str('R', "")) + 1)) : 2;
            String name = a.operands.get(0);
            String type = any ? "ANY" : a.str('t', null);
            this.defaultLookups = type == null && !a.has('c');
            boolean reverse = Ip4.isAddress(name) && type == null;
            int qtype = reverse ? Type.PTR : type == null ? Type.A : Type.value(type.toUpperCase(Locale.ROOT));
            Name qname = Dns.legalName(reverse ? Names.reverseName(name) : name);
            lookups.add(Record.newRecord(qname, a.has('C') ? Type.NS : qtype, qclass));
        }

        void next() {
            Record q = lookups.poll();
            if (q == null) {
                term.exit(failed ? 1 : 0);
                return;
            }
            ask(q, 0);
        }

        void ask(Record q, int attempt) {
            if (verbose) {
                term.println("Trying \"" + Dns.show(q.getName()) + "\"");
            }
            Message m = DnsClient.newQuery(q.getName(), q.getType(), recurse, false);
            DigQuery.setClass(m, q.getDClass());
            client.query(m, server.address(), null, timeoutNs, tcp, (DnsClient.DetailedCallback) (r, rtt, size, viaTcp) -> {
                if (r == null) {
                    term.println(";; communications error to " + server.withPort(port) + ": "
                            + DnsClient.bindReason(client.lastFailure()));
                    if (attempt + 1 < tries) {
                        ask(q, attempt + 1);
                        return;
                    }
                    term.println(";; no servers could be reached");
                    term.exit(1);
                    return;
                }
                announce(); // with the first reply, as host.c's printmessage (nothing when none comes)
                print(q, r, rtt, size);
                if (r.getRcode() != Rcode.NOERROR) {
                    term.exit(1);
                    return;
                }
                next();
            });
        }

        /** "Using domain server:": printed once, when the server was named on the command line. */
        void announce() {
            if (announced || !server.given()) {
                return;
            }
            announced = true;
            term.println("Using domain server:");
            term.println("Name: " + server.shown());
            term.println("Address: " + server.withPort(port));
            term.println("Aliases: ");
            term.println("");
        }

        /** host.c printmessage. */
        void print(Record q, Message m, long rttNs, int size) {
            String received = "Received " + size + " bytes from " + server.withPort(port) + " in " + rttNs / Durations.MS
                    + " ms";
            if (m.getRcode() != Rcode.NOERROR) {
                term.println("Host " + Dns.show(q.getName()) + " not found: " + m.getRcode() + "("
                        + Rcode.string(m.getRcode()) + ")");
                if (verbose) {
                    // host 9.18 -v reports the failed reply's reception twice (seen with bind9-host 9.18.49)
                    term.println(received);
                    term.println(received);
                }
                failed = true;
                return;
            }
            if (defaultLookups && q.getType() == Type.A) {
                Name end = Dns.chase(m, q.getName());
                lookups.add(Record.newRecord(end, Type.AAAA, DClass.IN));
                lookups.add(Record.newRecord(end, Type.MX, DClass.IN));
            }
            if (verbose) {
                DigPrinter.Display d = new DigPrinter.Display();
                List<String> body = DigPrinter.body(m, d, false, null);
                // host prints no recursion warning: drop it from dig's header block
                body.removeIf(l -> l.equals(";; WARNING: recursion requested but not available"));
                body.forEach(term::println);
                term.println(received);
                return;
            }
            List<Record> answer = Dns.section(m, Section.ANSWER);
            for (Record r : answer) {
                term.println(Dns.show(r.getName()) + " " + words(r.getType()) + " " + BindText.rdata(r));
            }
            if (!defaultLookups && answer.isEmpty()) {
                term.println(Dns.show(q.getName()) + " has no " + Type.string(q.getType()) + " record");
            }
        }

        /** host.c rtypetext: how host says what a record is. */
        static String words(int type) {
            return switch (type) {
                case Type.A -> "has address";
                case Type.AAAA -> "has IPv6 address";
                case Type.CNAME -> "is an alias for";
                case Type.MX -> "mail is handled by";
                case Type.NS -> "name server";
                case Type.PTR -> "domain name pointer";
                case Type.HINFO -> "host information";
                case Type.TXT -> "descriptive text";
                default -> "has " + Type.string(type) + " record";
            };
        }
    }
}
