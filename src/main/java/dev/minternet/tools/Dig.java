package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.dns.DnsCookies;
import dev.minternet.dns.DnsEvents;
import dev.minternet.dns.ServerAddress;
import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * dig, printing what BIND 9.18's dig prints: the command line and "; (1 server found)" when
 * {@code @server} came before the name, the header line (opcode, status, id), flags and counts,
 * the OPT pseudosection with the COOKIE and dig's verdict on it, the sections in BIND's columns
 * ({@link BindText}), then Query time, SERVER, WHEN (the simulated date) and MSG SIZE.
 *
 * <p>Its queries are dig 9.18's: RD and AD set, EDNS version 0 with a 1232-byte buffer and a
 * COOKIE option carrying a client cookie drawn from the node's seeded stream (RFC 7873). A
 * BADCOOKIE answer is asked again with the server's cookie (";; BADCOOKIE, retrying."), then over
 * TCP. Options: {@code @server}, {@code -t type} or a positional type, {@code -x addr},
 * {@code +[no]short}, {@code +[no]tcp}, {@code +[no]recurse}, {@code +[no]edns},
 * {@code +[no]cookie[=hex]}, {@code +[no]adflag}, {@code +[no]cdflag}, {@code +[no]trace},
 * {@code +[no]cmd}, {@code +[no]comments}, {@code +[no]question}, {@code +[no]answer},
 * {@code +[no]authority}, {@code +[no]additional}, {@code +[no]stats}, {@code +[no]all},
 * {@code +time=T}, {@code +tries=N}.
 */
public final class Dig implements Tool {
    static final String VERSION = "9.18.28";
    /** What dig prints after "Invalid option: X". */
    static final String[] USAGE = {
        "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}",
        "            {global-d-opt} host [@local-server] {local-d-opt}",
        "            [ host [@local-server] {local-d-opt} [...]]",
        "",
        "Use \"dig -h\" (or \"dig -h | more\") for complete list of options",
    };

    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "dig";
    }

    @Override
    public String synopsis() {
        return "dig [@server] [-4|-6] [-t type] [-x addr] name [type] [+short] [+tcp] [+norecurse] [+noedns] [+nocookie] [+subnet=addr/len]"
                + " [+noadflag] [+trace] [+noall] [+answer] [+time=T] [+tries=N]";
    }

    @Override
    public void validate(List<String> args) {
        Session s = new Session(Validation.node(), args, Validation.SILENT);
        if (s.illegalName != null) {
            throw new IllegalArgumentException(s.illegalName);
        }
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        Session s;
        try {
            s = new Session(node, args, term);
        } catch (Refusal e) {
            term.println(e.getMessage());
            term.exit(e.code);
            return;
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            for (String l : USAGE) {
                term.println(l);
            }
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
        final DigPrinter.Display show = new DigPrinter.Display();
        String serverArg;
        /** dig prints "; (N servers found)" only for servers named before the first name (dig.c printgreeting). */
        boolean serverBeforeName;
        String qnameText = ".";
        int qtype = -1;
        boolean tcp;
        boolean recurse = true;
        boolean adflag = true;
        boolean cdflag;
        boolean trace;
        boolean edns = true;
        boolean sendCookie = true;
        byte[] cookie;
        /** {@code +subnet=ADDR[/LEN]}: the EDNS Client Subnet option to send (RFC 7871), or null. */
        org.xbill.DNS.ClientSubnetOption subnet;
        long timeoutNs = 5 * Durations.S;
        int tries = 3;
        /** {@code -p}: the server's port. */
        int port = Dns.PORT;
        /** {@code +bufsize}: the EDNS UDP payload size the query offers. */
        int bufsize = Dns.EDNS_PAYLOAD;
        /** {@code +dnssec}: the DO bit; {@code +nsid}: an empty NSID option (RFC 5001); {@code +identify}: the server named with the answer. */
        boolean dnssec;
        boolean nsid;
        boolean identify;
        Name qname;
        /** Why the name is not one BIND takes (dig's line), or null. */
        String illegalName;
        int server;
        /** The server when {@code @server} is an IPv6 address (asked over UDP on IPv6), else null. */
        Ip6 server6;
        String serverShown;
        boolean seenBadCookie;
        /** {@code -4} or {@code -6}: the one transport family dig may use (0: either). */
        int family;

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
                    serverBeforeName |= !haveName;
                } else if (a.equals("-t")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("Invalid option: -t");
                    }
                    String t = args.get(++i);
                    if (Type.value(t.toUpperCase(Locale.ROOT)) < 0) {
                        term.println(";; Warning, ignoring invalid type " + t);
                    } else {
                        qtype = Type.value(t.toUpperCase(Locale.ROOT));
                    }
                } else if (a.equals("-x")) {
                    // dig -x: the reverse lookup, a PTR query for the in-addr.arpa name (RFC 1035 3.5).
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("Invalid option: -x");
                    }
                    String addr = args.get(++i);
                    if (Ip6.isAddress(addr)) {
                        // an IPv6 address: its ip6.arpa name, one label per nibble (RFC 3596 2.5)
                        qnameText = Names.reverseName6(Ip6.parse(addr));
                    } else {
                        // anything else, as dighost.c's reverse_octets takes it: the dotted parts
                        // reversed, under in-addr.arpa ("1.2.x" asks for x.2.1.in-addr.arpa.)
                        List<String> parts = new java.util.ArrayList<>(List.of(addr.split("\\.", -1)));
                        java.util.Collections.reverse(parts);
                        qnameText = String.join(".", parts) + ".in-addr.arpa.";
                    }
                    haveName = true;
                    if (qtype < 0) {
                        qtype = Type.PTR;
                    }
                } else if (a.equals("-4") || a.equals("-6")) {
                    if (family != 0 && family != a.charAt(1) - '0') {
                        throw new Refusal("dig: only one of -4 and -6 allowed", 1);
                    }
                    family = a.charAt(1) - '0';
                } else if (a.startsWith("-p")) {
                    // dig.c: "-p PORT" or "-pPORT"; parse_uint's words and exit status 1
                    String v = a.length() > 2 ? a.substring(2) : i + 1 < args.size() ? args.get(++i) : null;
                    if (v == null) {
                        throw new IllegalArgumentException("Invalid option: -p");
                    }
                    port = bounded("port number", v, 65535, 1);
                } else if (a.startsWith("+")) {
                    plus(a.substring(1));
                } else if (a.startsWith("-")) {
                    throw new IllegalArgumentException("Invalid option: " + a);
                } else if ((haveName || i + 1 < args.size() && !args.get(i + 1).startsWith("+")
                        && !args.get(i + 1).startsWith("@") && !args.get(i + 1).startsWith("-"))
                        && Type.value(a.toUpperCase(Locale.ROOT)) > 0 && qtype < 0) {
                    // dig takes a type word wherever it stands ("dig AAAA name" as "dig name AAAA")
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
            client.port(port);
            try {
                qname = Dns.legalName(qnameText);
            } catch (IllegalArgumentException e) {
                illegalName = "dig: " + e.getMessage(); // said once the server is known, as dig does
            }
            if (sendCookie && cookie == null) {
                // dig draws one random client cookie per run (dighost.c cookie_secret)
                cookie = new byte[DnsCookies.CLIENT_LENGTH];
                BigEndian.put64(cookie, 0, DnsClient.stream(node, "dig-cookie").nextLong());
            }
        }

        void plus(String o) {
            String name = o;
            String value = null;
            int eq = o.indexOf('=');
            if (eq >= 0) {
                name = o.substring(0, eq);
                value = o.substring(eq + 1);
            }
            boolean on = !name.startsWith("no");
            String key = on ? name : name.substring(2);
            switch (key) {
                case "short" -> show.shortForm(on);
                case "tcp", "vc" -> tcp = on;
                case "recurse", "rec" -> recurse = on;
                case "edns" -> edns = on;
                case "adflag" -> adflag = on;
                case "cdflag" -> cdflag = on;
                case "cookie" -> {
                    sendCookie = on;
                    if (on && value != null) {
                        cookie = hexCookie(o, value);
                    }
                }
                case "subnet" -> subnet = on ? subnet(valueOf(name, value, on)) : null;
                case "trace" -> trace = on;
                case "cmd" -> show.cmd = on;
                case "comments" -> show.comments = on;
                case "question" -> show.question = on;
                case "answer" -> show.answer = on;
                case "authority" -> show.authority = on;
                case "additional" -> show.additional = on;
                case "stats" -> show.stats = on;
                case "all" -> show.all(on);
                // dighost.c's limits: MAXTIMEOUT 0xffff seconds, MAXTRIES 0xffffffff (more than an hour's shell ever uses)
                case "time" -> timeoutNs = Math.max(1, bounded("timeout", valueOf(name, value, on), 65535, 10)) * Durations.S;
                case "tries" -> tries = (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, bounded("tries", valueOf(name, value, on), 0xffffffffL, 10)));
                case "retry" -> tries = (int) Math.min(Integer.MAX_VALUE,
                        bounded("retries", valueOf(name, value, on), 0xfffffffeL, 10) + 1);
                // dig 9.18 offers 0..32767 as given; a larger size (to 65535) is sent as the default 1232
                case "bufsize" -> {
                    if (!on) {
                        throw new IllegalArgumentException("Invalid option: +" + name);
                    }
                    int b = value == null || value.isEmpty() ? Dns.EDNS_PAYLOAD : bounded("buffer size", value, 65535, 10);
                    bufsize = b > 32767 ? Dns.EDNS_PAYLOAD : b;
                }
                case "dnssec", "do" -> dnssec = on;
                case "nsid" -> nsid = on;
                case "identify" -> identify = on;
                case "ttlid" -> show.ttl = on;
                case "class", "cl" -> show.cls = on;
                case "ttlunits" -> show.ttlUnits = on;
                default -> throw new IllegalArgumentException("Invalid option: +" + o);
            }
        }

        /** dig's {@code +subnet=ADDR[/LEN]} (IPv4; the length defaults to 32), its complaint on a bad value. */
        static org.xbill.DNS.ClientSubnetOption subnet(String v) {
            if (v == null || !v.matches("\\d{1,3}(\\.\\d{1,3}){0,3}(/\\d{1,2})?")) {
                throw new Refusal("invalid prefix '" + (v == null ? "" : v) + "'\ndig: Couldn't parse client", 10);
            }
            int slash = v.indexOf('/');
            String a = slash < 0 ? v : v.substring(0, slash);
            int len = slash < 0 ? 32 : Integer.parseInt(v.substring(slash + 1));
            String[] parts = a.split("\\.");
            int addr = 0;
            for (int i = 0; i < 4; i++) {
                int octet = i < parts.length ? Integer.parseInt(parts[i]) : 0;
                if (octet > 255) {
                    throw new Refusal("invalid prefix '" + v + "'\ndig: Couldn't parse client", 10);
                }
                addr = addr << 8 | octet;
            }
            if (len > 32) {
                throw new Refusal("invalid prefix '" + v + "'\ndig: Couldn't parse client", 10);
            }
            return dev.minternet.dns.Ecs.ipv4(addr, len, 0);
        }

        /**
         * {@code +cookie=HEX}: the client cookie to send (dig pads or cuts it to 8 bytes), maybe
         * followed by a server cookie (8 to 32 bytes).
         */
        static byte[] hexCookie(String o, String hex) {
            byte[] b;
            try {
                b = HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new Refusal("dig: isc_hex_decodestring: bad hex encoding", 1);
            }
            if (b.length > 40) {
                throw new Refusal("dig: isc_hex_decodestring: ran out of space", 1);
            }
            return b.length < DnsCookies.CLIENT_LENGTH ? Arrays.copyOf(b, DnsCookies.CLIENT_LENGTH)
                    : b.length < 16 ? Arrays.copyOf(b, DnsCookies.CLIENT_LENGTH) : b;
        }

        /**
         * dig's parse_uint with a maximum: "invalid WHAT 'V': not a valid number" or "...: out of
         * range", then "dig: Couldn't parse WHAT", with dig's exit status for that option.
         */
        static int bounded(String what, String v, int max, int status) {
            return (int) bounded(what, v, (long) max, status);
        }

        /** {@link #bounded(String, String, int, int)} up to a maximum past an int's (isc_parse_uint32). */
        static long bounded(String what, String v, long max, int status) {
            String why = "not a valid number";
            if (v.matches("\\d+")) {
                String digits = v.replaceFirst("^0+(?=\\d)", "");
                if (digits.length() <= 10 && Long.parseLong(digits) <= max) {
                    return Long.parseLong(digits);
                }
                why = "out of range";
            }
            throw new Refusal("invalid " + what + " '" + v + "': " + why + "\ndig: Couldn't parse " + what, status);
        }

        /** dig's {@code +time}, {@code +tries} and {@code +retry} want a value ("+time" or "+notime" alone is an invalid option). */
        static String valueOf(String name, String value, boolean on) {
            if (!on || value == null || value.isEmpty()) {
                throw new IllegalArgumentException("Invalid option: +" + name);
            }
            return value;
        }

        void begin() {
            if (serverArg != null && Ip6.isAddress(serverArg) && family == 4) {
                term.println("dig: couldn't get address for '" + serverArg + "': address family not supported");
                term.exit(1);
                return;
            }
            if (serverArg != null && Ip4.isAddress(serverArg) && family == 6) {
                // dig -6 takes the address as a v4-mapped one and refuses it (dighost.c)
                term.println(";; Skipping mapped address '::ffff:" + serverArg + "'");
                term.println(";; No acceptable nameservers");
                term.exit(0);
                return;
            }
            if (serverArg != null && family == 6 && !Ip6.isAddress(serverArg)) {
                Names.getaddrinfo(node, serverArg, 6, found -> {
                    if (found.isEmpty()) {
                        term.println("dig: couldn't get address for '" + serverArg + "': not found");
                        term.exit(1);
                        return;
                    }
                    server6 = found.get(0).v6();
                    serverShown = serverArg;
                    go();
                });
                return;
            }
            if (serverArg != null && Ip6.isAddress(serverArg)) {
                server6 = Ip6.parse(serverArg);
                serverShown = serverArg;
                go();
                return;
            }
            if (serverArg != null) {
                Names.resolve(node, serverArg, addr -> {
                    if (addr == 0) {
                        term.println("dig: couldn't get address for '" + serverArg + "': not found");
                        term.exit(1);
                        return;
                    }
                    server = addr;
                    serverShown = serverArg;
                    go();
                });
                return;
            }
            StubResolver stub = node.service(StubResolver.class);
            if (stub == null || stub.servers().isEmpty()) {
                term.println(";; no nameservers configured on " + node.name() + " (give it a resolver: with nameservers)");
                term.exit(10);
                return;
            }
            // dig asks resolv.conf's first name server, of either family (with -4 or -6, of that
            // one; none of it: the loopback address of it, as dighost.c falls back to)
            ServerAddress first = null;
            for (ServerAddress a : stub.servers()) {
                if (family == 0 || a.isV6() == (family == 6)) {
                    first = a;
                    break;
                }
            }
            if (first == null) {
                first = family == 6 ? ServerAddress.of(Ip6.parse("::1"))
                        : ServerAddress.of(Ip4.parse("127.0.0.1"));
            }
            if (first.isV6()) {
                server6 = first.v6();
            } else {
                server = first.v4();
            }
            serverShown = first.toString();
            go();
        }

        /** The greeting dig prints before a reply (or before ";; no servers could be reached"). */
        void greeting() {
            if (!show.cmd) {
                return;
            }
            term.println("");
            term.println("; <<>> DiG " + VERSION + " <<>> " + String.join(" ", args));
            if (serverBeforeName && serverArg != null) {
                term.println("; (1 server found)");
            }
            term.println(";; global options:" + (show.shortForm ? " +short" : "") + " +cmd");
        }

        String serverText(int addr, String name) {
            return (server6 != null && addr == server ? server6.toString() : Ip4.str(addr)) + "#" + port + "(" + name + ")";
        }

        /** The server asked, as dig names it in ";; communications error to ..." lines. */
        String serverAddress() {
            return server6 != null ? server6.toString() : Ip4.str(server);
        }

        void go() {
            if (illegalName != null) {
                term.println(illegalName);
                term.exit(10);
                return;
            }
            if (trace) {
                greeting();
                traceRoot();
                return;
            }
            ask(0, tcp);
        }

        Message query() {
            Message q = DnsClient.newQuery(qname, qtype, recurse, false);
            if (edns) {
                // dighost.c's order of options: NSID first, then the client subnet and the cookie (put below)
                q.addRecord(new org.xbill.DNS.OPTRecord(bufsize, 0, 0, dnssec ? org.xbill.DNS.ExtendedFlags.DO : 0,
                        nsid ? List.of(new org.xbill.DNS.NSIDOption(new byte[0])) : List.of()), Section.ADDITIONAL);
            }
            if (adflag) {
                q.getHeader().setFlag(Flags.AD);
            }
            if (cdflag) {
                q.getHeader().setFlag(Flags.CD);
            }
            if (edns && subnet != null) {
                dev.minternet.dns.Ecs.put(q, subnet);
            }
            if (edns && sendCookie) {
                DnsCookies.put(q, cookie.length == DnsCookies.CLIENT_LENGTH ? new CookieOption(cookie)
                        : new CookieOption(Arrays.copyOf(cookie, 8), Arrays.copyOfRange(cookie, 8, cookie.length)));
            }
            return q;
        }

        void ask(int attempt, boolean overTcp) {
            DnsClient.DetailedCallback done = (m, rtt, size, viaTcp) -> {
                if (m == null) {
                    term.println(";; communications error to " + serverAddress() + "#" + port + ": "
                            + (overTcp && !DnsClient.tcpAvailable() ? "TCP is not available"
                            : DnsClient.bindReason(client.lastFailure())));
                    if (attempt + 1 < tries && !overTcp) {
                        ask(attempt + 1, false);
                        return;
                    }
                    greeting();
                    term.println(";; no servers could be reached");
                    term.exit(9);
                    return;
                }
                if (m.getRcode() == DnsCookies.BADCOOKIE && !viaTcp && sendCookie && edns && badCookieRetry(m)) {
                    return;
                }
                print(m, rtt, size, viaTcp, overTcp);
                term.exit(0);
            };
            if (server6 != null) {
                client.query6(query(), server6, null, timeoutNs, overTcp, done);
            } else {
                client.query(query(), server, null, timeoutNs, overTcp, done);
            }
        }

        /**
         * dighost.c: a BADCOOKIE reply that echoes our client cookie is asked again with the
         * server cookie it brought, the second time over TCP.
         */
        boolean badCookieRetry(Message m) {
            CookieOption c = DnsCookies.option(m);
            if (c == null || !Arrays.equals(c.getClientCookie(), Arrays.copyOf(cookie, 8))) {
                return false;
            }
            if (show.comments) {
                term.println(";; BADCOOKIE, retrying" + (seenBadCookie ? " in TCP mode" : "") + ".");
            }
            cookie = DnsCookies.bytes(c);
            boolean viaTcp = seenBadCookie;
            seenBadCookie = true;
            ask(0, viaTcp);
            return true;
        }

        void print(Message m, long rttNs, int size, boolean viaTcp, boolean askedTcp) {
            byte[] sent = sendCookie && edns ? Arrays.copyOf(cookie, 8) : null;
            if (DigPrinter.cookieMismatch(m, sent)) {
                term.println(";; Warning: Client COOKIE mismatch");
            }
            if (viaTcp && !askedTcp && !tcp && show.comments) {
                term.println(";; Truncated, retrying in TCP mode.");
            }
            if (show.shortForm) {
                for (Record r : Dns.section(m, Section.ANSWER)) {
                    // +identify: dig.c's short form names the server and the time
                    term.println(BindText.rdata(r) + (identify ? " from server " + serverAddress() + " in " + rttNs / Durations.MS
                            + " ms." : ""));
                }
                return;
            }
            greeting();
            DigPrinter.body(m, show, true, sent).forEach(term::println);
            if (show.stats) {
                term.println(";; Query time: " + rttNs / Durations.MS + " msec");
                term.println(";; SERVER: " + serverText(server, serverShown) + " (" + (viaTcp ? "TCP" : "UDP") + ")");
                term.println(";; WHEN: " + WHEN.format(node.world().date()));
                term.println(";; MSG SIZE  rcvd: " + size);
                term.println("");
            } else if (identify) {
                term.println(";; Received " + size + " bytes from " + serverText(server, serverShown) + " in " + rttNs / Durations.MS
                        + " ms");
                term.println("");
            }
        }

        // ---- +trace: iterate from the root like dig does.

        /** The server given (or resolv.conf's first), of its family. */
        ServerAddress firstServer() {
            return server6 != null ? ServerAddress.of(server6) : ServerAddress.of(server);
        }

        void traceRoot() {
            Message q = DnsClient.newQuery(Name.root, Type.NS, true, true);
            ServerAddress first = firstServer();
            client.query(q, first, null, timeoutNs, tcp, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                if (m == null) {
                    term.println(";; communications error to " + first + "#" + port + ": " + DnsClient.bindReason(client.lastFailure()));
                    term.println(";; no servers could be reached");
                    term.exit(9);
                    return;
                }
                printTraceHop(m, size, first, serverShown, rtt);
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

        /**
         * The address of {@code ns} among {@code recs} (glue or an answer): of the family the
         * trace started in first (a trace from an IPv6 server follows AAAA glue, one from an
         * IPv4 server A glue), else of the other; null when none.
         */
        ServerAddress addressOf(Name ns, List<Record> recs) {
            ServerAddress v4 = null;
            ServerAddress v6 = null;
            for (Record r : recs) {
                if (r instanceof ARecord a && r.getName().equals(ns) && v4 == null) {
                    v4 = ServerAddress.of(Dns.address(a));
                } else if (r instanceof AAAARecord a && r.getName().equals(ns) && v6 == null) {
                    v6 = ServerAddress.of(Dns.address(a));
                }
            }
            return server6 != null ? (v6 != null ? v6 : v4) : (v4 != null ? v4 : v6);
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
            ServerAddress glue = addressOf(ns, glueFrom.getSection(Section.ADDITIONAL));
            if (glue != null) {
                askHop(ns, glue, rest, glueFrom, hops);
                return;
            }
            Message q = DnsClient.newQuery(ns, server6 != null ? Type.AAAA : Type.A, true, true);
            client.query(q, firstServer(), null, timeoutNs, false, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                ServerAddress addr = m == null ? null : addressOf(ns, m.getSection(Section.ANSWER));
                if (addr == null) {
                    term.println(";; couldn't get address for '" + ns + "': not found");
                    hop(rest, glueFrom, hops + 1);
                    return;
                }
                askHop(ns, addr, rest, glueFrom, hops);
            });
        }

        void askHop(Name ns, ServerAddress addr, List<Name> rest, Message glueFrom, int hops) {
            Message q = DnsClient.newQuery(qname, qtype, false, true);
            client.query(q, addr, Dns.show(ns), timeoutNs, tcp, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                if (m == null) {
                    term.println(";; communications error to " + addr + "#" + port + ": " + DnsClient.bindReason(client.lastFailure()));
                    hop(rest, glueFrom, hops + 1);
                    return;
                }
                printTraceHop(m, size, addr, Dns.show(ns), rtt);
                String kind = Dns.kindOf(m);
                if (kind.equals(DnsEvents.KIND_REFERRAL)) {
                    hop(nsNames(m.getSection(Section.AUTHORITY)), m, hops + 1);
                } else {
                    term.exit(0);
                }
            });
        }

        void printTraceHop(Message m, int size, ServerAddress addr, String name, long rttNs) {
            if (show.shortForm) {
                for (Record r : m.getSection(Section.ANSWER)) {
                    term.println(Type.string(r.getType()) + " " + BindText.rdata(r) + " from server " + addr
                            + " in " + rttNs / Durations.MS + " ms.");
                }
                return;
            }
            for (int s = Section.ANSWER; s <= Section.AUTHORITY; s++) {
                for (Record r : Dns.section(m, s)) {
                    term.println(show.record(r));
                }
            }
            term.println(";; Received " + size + " bytes from " + addr + "#" + port + "(" + name + ") in " + rttNs / Durations.MS
                    + " ms");
            term.println("");
        }
    }
}
