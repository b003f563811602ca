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
 * "*** Invalid option: X" and the lookup goes on, as in nslookup.
 */
public final class Nslookup implements Tool {
    @Override
    public String name() {
        return "nslookup";
    }

    @Override
    public String synopsis() {
        return "nslookup [-type=T] [-timeout=S] [-retry=N] name [server]";
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        String type = null;
        long timeoutNs = 5 * Durations.S;
        int tries = 3;
        String name = null;
        String server = null;
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1) {
                String o = a.substring(1);
                int eq = o.indexOf('=');
                String key = (eq < 0 ? o : o.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : o.substring(eq + 1);
                if (key.startsWith("ver")) {
                    term.println("nslookup " + Dig.VERSION); // parse_args: "-ver..." prints the version and exits
                    term.exit(0);
                    return;
                }
                if (eq < 0 && List.of("type", "querytype", "query", "q", "ty", "timeout", "ti", "retry", "ret").contains(key)) {
                    key = "-"; // an option that takes a value, without one: nslookup's "*** Invalid option: timeout"
                }
                switch (key) {
                    case "type", "querytype", "query", "q", "ty" -> {
                        if (Type.value(value.toUpperCase(Locale.ROOT)) < 0) {
                            term.println("unknown query type: " + value);
                        } else {
                            type = value.toUpperCase(Locale.ROOT);
                        }
                    }
                    // BIND's parse_uint: a bad value is said and the default kept
                    case "timeout", "ti" -> timeoutNs = Math.max(1, parse(term, "timeout", value, 0xffffffffL, 5)) * Durations.S;
                    case "retry", "ret" -> tries = (int) Math.max(1, parse(term, "tries", value, Integer.MAX_VALUE, 3));
                    default -> term.println("*** Invalid option: " + o);
                }
            } else if (name == null) {
                name = a;
            } else if (server == null) {
                server = a;
            }
        }
        if (name == null) {
            // interactive mode, with nothing to read: nslookup prints its prompt and leaves
            term.println("> ");
            term.exit(0);
            return;
        }
        String n = name;
        String t = type;
        long timeout = timeoutNs;
        int attempts = tries;
        NameServerArg.find(node, server, term, "nslookup", s -> {
            Session session;
            try {
                session = new Session(node, term, s, n, t, timeout, attempts);
            } catch (IllegalArgumentException e) {
                term.println("nslookup: " + e.getMessage()); // 'a..b' is not a legal name (empty label)
                term.exit(10);
                return;
            }
            session.begin();
        });
    }

    /** {@code v} as a whole number up to {@code max}, else nslookup's line ("invalid tries 'x': not a valid number") and {@code def}. */
    private static long parse(Terminal term, String what, String v, long max, long def) {
        String why = "not a valid number";
        if (v.matches("\\d+")) {
            String digits = v.replaceFirst("^0+(?=\\d)", "");
            if (digits.length() <= 10 && Long.parseLong(digits) <= max) {
                return Long.parseLong(digits);
            }
            why = "out of range";
        }
        term.println("invalid " + what + " '" + v + "': " + why);
        return def;
    }

    private static final class Session {
        final Node node;
        final Terminal term;
        final NameServerArg server;
        final DnsClient client;
        final boolean defaultLookups;
        final long timeoutNs;
        final int tries;
        final Deque<Record> lookups = new ArrayDeque<>();
        boolean aNoAnswer;
        boolean failed;

        Session(Node node, Terminal term, NameServerArg server, String name, String type, long timeoutNs, int tries) {
            this.node = node;
            this.term = term;
            this.server = server;
            this.client = new DnsClient(node, "nslookup");
            this.timeoutNs = timeoutNs;
            this.tries = tries;
            boolean reverse = Ip4.isAddress(name) && type == null;
            this.defaultLookups = type == null;
            int qtype = reverse ? Type.PTR : type == null ? Type.A : Type.value(type);
            Name qname = Dns.legalName(reverse ? Names.reverseName(name) : name);
            lookups.add(Record.newRecord(qname, qtype, DClass.IN));
        }

        void begin() {
            next();
        }

        void next() {
            Record q = lookups.poll();
            if (q == null) {
                term.println("");
                term.exit(failed ? 1 : 0);
                return;
            }
            ask(q, 0);
        }

        void ask(Record q, int attempt) {
            Message m = DnsClient.newQuery(q.getName(), q.getType(), true, false);
            client.query(m, server.address(), null, timeoutNs, false, (r, rtt, size) -> {
                if (r == null) {
                    term.println(server.communicationsError(client));
                    if (attempt + 1 < tries) {
                        ask(q, attempt + 1);
                        return;
                    }
                    term.println(";; no servers could be reached");
                    term.println("");
                    term.exit(1);
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
                term.println("Address:\t" + server.withPort());
                term.println("");
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
                    term.println("\torigin = " + Dns.show(soa.getHost()));
                    term.println("\tmail addr = " + Dns.show(soa.getAdmin()));
                    term.println("\tserial = " + soa.getSerial());
                    term.println("\trefresh = " + soa.getRefresh());
                    term.println("\tretry = " + soa.getRetry());
                    term.println("\texpire = " + soa.getExpire());
                    term.println("\tminimum = " + soa.getMinimum());
                } else {
                    term.println(owner + "\t" + text(r.getType()) + BindText.rdata(r));
                }
            }
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
    }
}
