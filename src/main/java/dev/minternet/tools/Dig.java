package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * dig, printing what BIND 9.18's dig prints: the header line (opcode, status, id), flags and
 * counts, the OPT pseudo-section, the QUESTION, ANSWER, AUTHORITY and ADDITIONAL sections, then
 * Query time, SERVER, WHEN (the simulated date) and MSG SIZE. Options: {@code @server},
 * {@code -t type} or a positional type, {@code +short}, {@code +tcp}, {@code +norecurse},
 * {@code +trace} (iterate from the root, printing each referral and who sent it),
 * {@code +time=T}, {@code +tries=N}.
 */
public final class Dig implements Tool {
    static final String VERSION = "9.18.28";
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "dig";
    }

    @Override
    public String synopsis() {
        return "dig [@server] [-t type] [-x addr] name [type] [+short] [+tcp] [+norecurse] [+noedns] [+trace] [+time=T] [+tries=N]";
    }

    @Override
    public void validate(List<String> args) {
        new Session(Validation.node(), args, Validation.SILENT);
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        Session s;
        try {
            s = new Session(node, args, term);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.println("Usage: " + synopsis());
            term.exit(1);
            return;
        }
        s.begin();
    }

    private static final class Session {
        final Node node;
        final Terminal term;
        final List<String> args;
        final DnsClient client;
        final SplittableRandom random;
        String serverArg;
        String qnameText = ".";
        int qtype = -1;
        boolean shortOut;
        boolean tcp;
        boolean recurse = true;
        boolean trace;
        boolean edns = true;
        long timeoutNs = 5 * Durations.S;
        int tries = 3;
        Name qname;
        int server;
        String serverShown;

        Session(Node node, List<String> args, Terminal term) {
            this.node = node;
            this.term = term;
            this.args = args;
            this.client = new DnsClient(node, "dig");
            this.random = DnsClient.stream(node, "dig-server-choice");
            boolean haveName = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("@")) {
                    serverArg = a.substring(1);
                } else if (a.equals("-t")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("dig: option requires an argument -- 't'");
                    }
                    qtype = type(args.get(++i));
                } else if (a.equals("-x")) {
                    // dig -x: the reverse lookup, a PTR query for the in-addr.arpa name (RFC 1035 3.5).
                    if (i + 1 >= args.size() || !Ip4.isAddress(args.get(i + 1))) {
                        throw new IllegalArgumentException("dig: -x needs an IPv4 address");
                    }
                    String[] o = args.get(++i).split("\\.");
                    qnameText = o[3] + "." + o[2] + "." + o[1] + "." + o[0] + ".in-addr.arpa.";
                    haveName = true;
                    if (qtype < 0) {
                        qtype = Type.PTR;
                    }
                } else if (a.startsWith("+")) {
                    plus(a.substring(1));
                } else if (a.startsWith("-")) {
                    throw new IllegalArgumentException("Invalid option: " + a);
                } else if (haveName && Type.value(a.toUpperCase(Locale.ROOT)) > 0 && qtype < 0) {
                    qtype = Type.value(a.toUpperCase(Locale.ROOT));
                } else if (!haveName) {
                    qnameText = a;
                    haveName = true;
                } else {
                    throw new IllegalArgumentException("dig: extra argument '" + a + "'");
                }
            }
            if (qtype < 0) {
                qtype = haveName ? Type.A : Type.NS;
            }
            qname = Dns.name(qnameText);
        }

        static int type(String t) {
            int v = Type.value(t.toUpperCase(Locale.ROOT));
            if (v < 0) {
                throw new IllegalArgumentException("dig: invalid type: " + t);
            }
            return v;
        }

        void plus(String o) {
            String name = o;
            String value = null;
            int eq = o.indexOf('=');
            if (eq >= 0) {
                name = o.substring(0, eq);
                value = o.substring(eq + 1);
            }
            switch (name) {
                case "short" -> shortOut = true;
                case "noshort" -> shortOut = false;
                case "tcp", "vc" -> tcp = true;
                case "notcp", "novc" -> tcp = false;
                case "norecurse", "norec" -> recurse = false;
                case "recurse", "rec" -> recurse = true;
                case "edns" -> edns = true;
                case "noedns" -> edns = false;
                case "trace" -> trace = true;
                case "notrace" -> trace = false;
                case "time" -> timeoutNs = Math.max(1, number(o, value)) * Durations.S;
                case "tries" -> tries = Math.max(1, number(o, value));
                default -> throw new IllegalArgumentException("Invalid option: +" + o);
            }
        }

        static int number(String o, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("Invalid option: +" + o);
            }
        }

        void begin() {
            if (serverArg != null) {
                Names.resolve(node, serverArg, addr -> {
                    if (addr == 0) {
                        term.println("dig: couldn't get address for '" + serverArg + "': not found");
                        term.exit(10);
                        return;
                    }
                    server = addr;
                    serverShown = Ip4.str(addr);
                    go();
                });
                return;
            }
            StubResolver stub = node.service(StubResolver.class);
            if (stub == null || stub.nameservers().isEmpty()) {
                term.println(";; no nameservers configured on " + node.name() + " (give it a resolver: with nameservers)");
                term.exit(10);
                return;
            }
            server = stub.nameservers().get(0);
            serverShown = Ip4.str(server);
            go();
        }

        String commandLine() {
            return String.join(" ", args);
        }

        void go() {
            if (trace) {
                if (!shortOut) {
                    term.println("");
                    term.println("; <<>> DiG " + VERSION + " <<>> " + commandLine());
                    term.println(";; global options: +cmd");
                }
                traceRoot();
                return;
            }
            ask(0);
        }

        void ask(int attempt) {
            Message q = DnsClient.newQuery(qname, qtype, recurse, edns);
            client.query(q, server, null, timeoutNs, tcp, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                if (m == null) {
                    term.println(";; communications error to " + serverShown + "#53: "
                            + (tcp && !DnsClient.tcpAvailable() ? "TCP is not available" : "timed out"));
                    if (attempt + 1 < tries && !tcp) {
                        ask(attempt + 1);
                        return;
                    }
                    if (!shortOut) {
                        term.println("");
                        term.println("; <<>> DiG " + VERSION + " <<>> " + commandLine());
                        term.println(";; global options: +cmd");
                        term.println(";; no servers could be reached");
                    }
                    term.exit(9);
                    return;
                }
                print(m, rtt, size, viaTcp);
                term.exit(0);
            });
        }

        void print(Message m, long rttNs, int size, boolean viaTcp) {
            if (shortOut) {
                for (Record r : m.getSection(Section.ANSWER)) {
                    term.println(r.rdataToString());
                }
                return;
            }
            if (viaTcp && !tcp) {
                term.println(";; Truncated, retrying in TCP mode.");
            }
            term.println("");
            term.println("; <<>> DiG " + VERSION + " <<>> " + commandLine());
            term.println(";; global options: +cmd");
            term.println(";; Got answer:");
            term.println(";; ->>HEADER<<- opcode: " + Opcode.string(m.getHeader().getOpcode()) + ", status: "
                    + Rcode.string(m.getRcode()) + ", id: " + m.getHeader().getID());
            term.println(";; flags:" + flags(m) + "; QUERY: " + m.getHeader().getCount(0) + ", ANSWER: "
                    + m.getHeader().getCount(1) + ", AUTHORITY: " + m.getHeader().getCount(2) + ", ADDITIONAL: "
                    + m.getHeader().getCount(3));
            if (recurse && !m.getHeader().getFlag(Flags.RA)) {
                term.println(";; WARNING: recursion requested but not available");
            }
            term.println("");
            OPTRecord opt = m.getOPT();
            if (opt != null) {
                term.println(";; OPT PSEUDOSECTION:");
                term.println("; EDNS: version: " + opt.getVersion() + ", flags:; udp: " + opt.getPayloadSize());
            }
            term.println(";; QUESTION SECTION:");
            for (Record r : m.getSection(Section.QUESTION)) {
                term.println(column(";" + r.getName(), 24) + "\tIN\t" + Type.string(r.getType()));
            }
            String[] names = {null, "ANSWER", "AUTHORITY", "ADDITIONAL"};
            for (int s = 1; s <= 3; s++) {
                List<Record> recs = Dns.section(m, s);
                if (recs.isEmpty()) {
                    continue;
                }
                term.println("");
                term.println(";; " + names[s] + " SECTION:");
                for (Record r : recs) {
                    term.println(record(r));
                }
            }
            term.println("");
            term.println(";; Query time: " + rttNs / Durations.MS + " msec");
            term.println(";; SERVER: " + serverShown + "#53(" + serverShown + ") (" + (viaTcp ? "TCP" : "UDP") + ")");
            term.println(";; WHEN: " + WHEN.format(node.world().date()));
            term.println(";; MSG SIZE  rcvd: " + size);
            term.println("");
        }

        static String flags(Message m) {
            StringBuilder b = new StringBuilder();
            int[] f = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};
            for (int x : f) {
                if (m.getHeader().getFlag(x)) {
                    b.append(' ').append(Flags.string(x));
                }
            }
            return b.toString();
        }

        /** BIND's presentation: owner padded to column 24 with tabs, then TTL, class, type, data. */
        static String record(Record r) {
            return column(r.getName().toString(), 24) + r.getTTL() + "\tIN\t" + Type.string(r.getType()) + "\t"
                    + r.rdataToString();
        }

        static String column(String s, int col) {
            StringBuilder b = new StringBuilder(s);
            int len = s.length();
            do {
                b.append('\t');
                len = (len / 8 + 1) * 8;
            } while (len < col);
            return b.toString();
        }

        // ---- +trace: iterate from the root like dig does.

        void traceRoot() {
            Message q = DnsClient.newQuery(Name.root, Type.NS, true, true);
            client.query(q, server, null, timeoutNs, tcp, (m, rtt, size) -> {
                if (m == null) {
                    term.println(";; communications error to " + serverShown + "#53: timed out");
                    term.println(";; no servers could be reached");
                    term.exit(9);
                    return;
                }
                printTraceHop(m, size, serverShown, serverShown, rtt);
                List<Name> roots = nsNames(m.getSection(Section.ANSWER));
                if (roots.isEmpty()) {
                    term.println(";; no root servers in the answer");
                    term.exit(9);
                    return;
                }
                hop(roots, m, 0);
            });
        }

        static List<Name> nsNames(List<Record> recs) {
            List<Name> l = new ArrayList<>();
            for (Record r : recs) {
                if (r instanceof NSRecord ns) {
                    l.add(ns.getTarget());
                }
            }
            return l;
        }

        /** Asks one of {@code servers} (random, as dig picks), using glue from {@code glueFrom} if any. */
        void hop(List<Name> servers, Message glueFrom, int hops) {
            if (servers.isEmpty() || hops > 30) {
                term.println(";; no servers could be reached");
                term.exit(9);
                return;
            }
            List<Name> rest = new ArrayList<>(servers);
            Name ns = rest.remove(random.nextInt(rest.size()));
            int glue = 0;
            for (Record r : glueFrom.getSection(Section.ADDITIONAL)) {
                if (r instanceof ARecord a && r.getName().equals(ns)) {
                    glue = Dns.address(a);
                    break;
                }
            }
            if (glue != 0) {
                askHop(ns, glue, rest, glueFrom, hops);
                return;
            }
            Message q = DnsClient.newQuery(ns, Type.A, true, true);
            client.query(q, server, null, timeoutNs, false, (m, rtt, size) -> {
                int addr = 0;
                if (m != null) {
                    for (Record r : m.getSection(Section.ANSWER)) {
                        if (r instanceof ARecord a) {
                            addr = Dns.address(a);
                            break;
                        }
                    }
                }
                if (addr == 0) {
                    term.println(";; couldn't get address for '" + ns + "': not found");
                    hop(rest, glueFrom, hops + 1);
                    return;
                }
                askHop(ns, addr, rest, glueFrom, hops);
            });
        }

        void askHop(Name ns, int addr, List<Name> rest, Message glueFrom, int hops) {
            Message q = DnsClient.newQuery(qname, qtype, false, true);
            client.query(q, addr, Dns.show(ns), timeoutNs, tcp, (m, rtt, size) -> {
                String who = Ip4.str(addr);
                if (m == null) {
                    term.println(";; communications error to " + who + "#53: timed out");
                    hop(rest, glueFrom, hops + 1);
                    return;
                }
                printTraceHop(m, size, who, Dns.show(ns), rtt);
                String kind = Dns.kindOf(m);
                if (kind.equals("referral")) {
                    hop(nsNames(m.getSection(Section.AUTHORITY)), m, hops + 1);
                } else {
                    term.exit(0);
                }
            });
        }

        void printTraceHop(Message m, int size, String addr, String name, long rttNs) {
            if (shortOut) {
                for (Record r : m.getSection(Section.ANSWER)) {
                    term.println(Type.string(r.getType()) + " " + r.rdataToString() + " from server " + addr
                            + " in " + rttNs / Durations.MS + " ms.");
                }
                return;
            }
            for (int s = Section.ANSWER; s <= Section.AUTHORITY; s++) {
                for (Record r : Dns.section(m, s)) {
                    term.println(record(r));
                }
            }
            term.println(";; Received " + size + " bytes from " + addr + "#53(" + name + ") in " + rttNs / Durations.MS
                    + " ms");
            term.println("");
        }
    }
}
