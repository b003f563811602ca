package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * nslookup as BIND 9.18 prints it, in its one-shot form {@code nslookup [-type=T] name [server]}:
 * "Server:" and "Address:" of the server asked, "Non-authoritative answer:" when the reply lacks
 * AA, then "Name:"/"Address:" pairs for addresses and "name<TAB>canonical name = ..." lines for
 * the rest, ending with a blank line. Without {@code -type} it asks for A, then AAAA for the
 * name the CNAME chain ends at; an address is looked up as its in-addr.arpa PTR. An error rcode
 * prints "** server can't find NAME: RCODE" and exits 1; an unknown option prints
 * "*** Invalid option: X" and the lookup goes on, as in nslookup. Options are nslookup's
 * {@code set} words ({@link NslookupSettings}: type, class, debug, vc, [no]recurse, port,
 * timeout, retry, domain, all...); without a name (or with "-" before a server) it reads
 * commands, as its interactive mode does.
 */
public final class Nslookup implements Tool {
    @Override
    public String name() {
        return "nslookup";
    }

    @Override
    public String synopsis() {
        return "nslookup [-type=T] [-class=C] [-debug] [-vc] [-norecurse] [-port=N] [-timeout=S] [-retry=N] [name | -] [server]";
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        List<String> options = new ArrayList<>();
        String name = null;
        String server = null;
        boolean haveLookup = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-") && a.length() > 1) {
                if (a.regionMatches(true, 0, "-ver", 0, 4)) {
                    term.println("nslookup " + Dig.VERSION); // parse_args: "-ver..." prints the version and exits
                    term.exit(0);
                    return;
                }
                options.add(a.substring(1));
            } else if (a.equals("-")) {
                haveLookup = true; // "nslookup - SERVER": interactive, asking SERVER
            } else if (!haveLookup) {
                haveLookup = true;
                name = a;
            } else {
                if (i + 1 < args.size()) {
                    for (String l : USAGE) {
                        term.println(l);
                    }
                    term.exit(1);
                    return;
                }
                server = a;
            }
        }
        NslookupSettings set = new NslookupSettings();
        String n = name;
        // the options act as they are read, before a server named after them replaces resolv.conf's
        set.server = NameServerArg.defaultOf(node);
        options.forEach(o -> set.set(o, term));
        NameServerArg.find(node, server, term, "nslookup", s -> {
            set.server = s;
            if (n == null) {
                new Interactive(node, term, set).begin();
                return;
            }
            Session session = Session.of(node, term, set, n, failed -> {
                term.println("");
                term.exit(failed ? 1 : 0);
            });
            if (session != null) {
                session.begin();
            }
        });
    }

    static final String[] USAGE = {
        "Usage:",
        "   nslookup [-opt ...]             # interactive mode using default server",
        "   nslookup [-opt ...] - server    # interactive mode using 'server'",
        "   nslookup [-opt ...] host        # just look up 'host' using default server",
        "   nslookup [-opt ...] host server # just look up 'host' using 'server'",
    };

    /**
     * Interactive mode (nslookup.c do_next_command), reading the commands typed after it: a
     * name to look up, {@code set OPTION}, {@code server NAME} and {@code lserver NAME} (then
     * the new server's lines), {@code exit} or the end of the input (a blank line, then the
     * exit status: 1 if a lookup failed). No "> " prompt: the shell's input reaches it as a pipe
     * does, where nslookup prints none. Commands typed while a lookup runs wait their turn.
     */
    private static final class Interactive {
        final Node node;
        final Terminal term;
        final NslookupSettings set;
        final ArrayDeque<String> typed = new ArrayDeque<>();
        boolean busy;
        boolean ended;
        boolean failed;

        Interactive(Node node, Terminal term, NslookupSettings set) {
            this.node = node;
            this.term = term;
            this.set = set;
        }

        void begin() {
            term.onInput(line -> {
                typed.add(line == null ? "exit" : line);
                next();
            });
        }

        void next() {
            while (!busy && !ended && !typed.isEmpty()) {
                String[] w = typed.poll().strip().split("[ \t]+");
                if (w[0].isEmpty()) {
                    continue;
                }
                String cmd = w[0].toLowerCase(Locale.ROOT);
                if (cmd.equals("set") && w.length > 1) {
                    set.set(w[1], term);
                } else if ((cmd.equals("server") || cmd.equals("lserver")) && w.length > 1) {
                    busy = true;
                    NameServerArg.find(node, w[1], term, "nslookup", s -> {
                        set.server = s;
                        term.println("Default server: " + s.shown());
                        term.println("Address: " + s.withPort(set.port));
                        busy = false;
                        next();
                    });
                } else if (cmd.equals("exit")) {
                    ended = true;
                    term.println("");
                    term.exit(failed ? 1 : 0);
                } else if (cmd.equals("help") || cmd.equals("?")) {
                    term.println("The '" + w[0] + "' command is not yet implemented.");
                } else if (List.of("finger", "root", "ls", "view").contains(cmd)) {
                    term.println("The '" + w[0] + "' command is not implemented.");
                } else {
                    Session session = Session.of(node, term, set, w[0], f -> {
                        failed |= f;
                        busy = false;
                        next();
                    });
                    if (session == null) {
                        ended = true; // dighost.c's fatal(): a name it cannot take ends nslookup
                        return;
                    }
                    busy = true;
                    session.begin();
                }
            }
        }
    }

    /** nslookup.c printsoa: an SOA's fields one a line. */
    static void soa(SOARecord soa, Terminal term) {
        term.println("\torigin = " + Dns.show(soa.getHost()));
        term.println("\tmail addr = " + Dns.show(soa.getAdmin()));
        term.println("\tserial = " + soa.getSerial());
        term.println("\trefresh = " + soa.getRefresh());
        term.println("\tretry = " + soa.getRetry());
        term.println("\texpire = " + soa.getExpire());
        term.println("\tminimum = " + soa.getMinimum());
    }

    /** nslookup.c rtypetext: the words before a record's data. */
    static String text(int type) {
        return switch (type) {
            case Type.A -> "internet address = ";
            case Type.NS -> "nameserver = ";
            case Type.CNAME -> "canonical name = ";
            case Type.SOA -> "soa = ";
            case Type.PTR -> "name = ";
            case Type.HINFO -> "hinfo = ";
            case Type.MX -> "mail exchanger = ";
            case Type.TXT -> "text = ";
            case Type.AAAA -> "has AAAA address ";
            case Type.SRV -> "service = ";
            default -> "rdata_" + type + " = ";
        };
    }

    private static final class Session {
        final Node node;
        final Terminal term;
        final NameServerArg server;
        final NslookupSettings set;
        final DnsClient client;
        final boolean defaultLookups;
        final long timeoutNs;
        final int tries;
        final Deque<Record> lookups = new ArrayDeque<>();
        final java.util.function.Consumer<Boolean> done;
        boolean aNoAnswer;
        boolean failed;

        Session(Node node, Terminal term, NslookupSettings set, String name, java.util.function.Consumer<Boolean> done) {
            this.node = node;
            this.term = term;
            this.server = set.server;
            this.set = set;
            this.done = done;
            this.client = new DnsClient(node, "nslookup");
            client.port(set.port);
            this.timeoutNs = (set.timeout > 0 ? set.timeout : 5) * Durations.S;
            this.tries = Math.max(1, set.retry);
            boolean reverse = Ip4.isAddress(name);
            this.defaultLookups = set.defaultLookups && !reverse;
            int qtype = reverse ? Type.PTR : defaultLookups ? Type.A : Type.value(set.type.toUpperCase(Locale.ROOT));
            String text = name;
            if (!reverse && set.search && set.domain != null && !name.endsWith(".")
                    && name.chars().filter(c -> c == '.').count() < set.ndots) {
                text = name + "." + set.domain; // the search list is the one domain set here
            }
            Name qname = Dns.legalName(reverse ? Names.reverseName(name) : text);
            lookups.add(Record.newRecord(qname, qtype, DClass.value(set.cls.toUpperCase(Locale.ROOT))));
        }

        /** The session, or null when BIND would not take the name (said, and nslookup ended with status 10). */
        static Session of(Node node, Terminal term, NslookupSettings set, String name, java.util.function.Consumer<Boolean> done) {
            try {
                return new Session(node, term, set, name, done);
            } catch (IllegalArgumentException e) {
                term.println("nslookup: " + e.getMessage()); // 'a..b' is not a legal name (empty label)
                term.exit(10);
                return null;
            }
        }

        void begin() {
            next();
        }

        void next() {
            Record q = lookups.poll();
            if (q == null) {
                done.accept(failed);
                return;
            }
            ask(q, 0);
        }

        void ask(Record q, int attempt) {
            Message m = DnsClient.newQuery(q.getName(), q.getType(), set.recurse, false);
            DigQuery.setClass(m, q.getDClass());
            // a query of type ANY goes over TCP unless set novc/vc says otherwise (nslookup.c addlookup)
            boolean tcp = set.vcSet ? set.vc : q.getType() == Type.ANY;
            client.query(m, server.address(), null, timeoutNs, tcp, (r, rtt, size) -> {
                if (r == null) {
                    term.println(";; communications error to " + server.withPort(set.port) + ": "
                            + DnsClient.bindReason(client.lastFailure()));
                    if (attempt + 1 < tries) {
                        ask(q, attempt + 1);
                        return;
                    }
                    term.println(";; no servers could be reached");
                    failed = true;
                    done.accept(true);
                    return;
                }
                print(q, r);
                next();
            });
        }

        /** nslookup.c printmessage. */
        void print(Record q, Message m) {
            boolean first = !defaultLookups || q.getType() == Type.A;
            if (first) {
                term.println("Server:\t\t" + server.shown());
                term.println("Address:\t" + server.withPort(set.port));
                term.println("");
            }
            if (set.debug) {
                NslookupDebug.print(m, term);
            }
            if (m.getRcode() != Rcode.NOERROR) {
                term.println("** server can't find " + Dns.show(q.getName()) + ": " + Rcode.string(m.getRcode()));
                failed = true;
                return;
            }
            if (defaultLookups && q.getType() == Type.A) {
                lookups.add(Record.newRecord(Dns.chase(m, q.getName()), Type.AAAA, DClass.IN));
            }
            if (!m.getHeader().getFlag(Flags.AA) && first) {
                term.println("Non-authoritative answer:");
            }
            List<Record> answer = Dns.section(m, Section.ANSWER);
            if (!answer.isEmpty()) {
                section(answer, true);
            } else if (defaultLookups && q.getType() == Type.A) {
                aNoAnswer = true;
            } else if (!defaultLookups || (q.getType() == Type.AAAA && aNoAnswer)) {
                term.println("*** Can't find " + Dns.show(q.getName()) + ": No answer");
            }
            if (!m.getHeader().getFlag(Flags.AA) && q.getType() != Type.A && q.getType() != Type.AAAA) {
                term.println("");
                term.println("Authoritative answers can be found from:");
                section(Dns.section(m, Section.AUTHORITY), false);
                section(Dns.section(m, Section.ADDITIONAL), false);
            }
        }

        /** nslookup.c printsection: addresses as Name/Address, SOA spelled out, the rest one line each. */
        void section(List<Record> records, boolean answer) {
            for (Record r : records) {
                String owner = Dns.show(r.getName());
                if (answer && (r.getType() == Type.A || r.getType() == Type.AAAA)) {
                    term.println("Name:\t" + owner);
                    term.println("Address: " + BindText.rdata(r));
                } else if (r instanceof SOARecord soa) {
                    term.println(owner);
                    soa(soa, term);
                } else {
                    term.println(owner + "\t" + text(r.getType()) + BindText.rdata(r));
                }
            }
        }
    }
}
