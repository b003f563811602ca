package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.dns.DnsCookies;
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
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
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
 * {@code +time=T}, {@code +tries=N}, and every other option of dig 9.18 ({@link DigPlus}: the
 * names and abbreviations; {@link DigQuery}: what they change in the query; {@link
 * DigNsSearch}: {@code +nssearch}); {@code -c class} or a class word, {@code -q name}, {@code -u}.
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
                + " [+noadflag] [+trace] [+noall] [+answer] [+time=T] [+tries=N] [+multiline] [+qr] [+nssearch] [-c class] [-u]";
    }

    @Override
    public void validate(List<String> args) {
        for (List<String> one : DigPlus.lookups(args)) {
            Session s = new Session(Validation.node(), one, Validation.SILENT, null);
            if (s.illegalName != null) {
                throw new IllegalArgumentException(s.illegalName);
            }
        }
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        List<List<String>> lookups = DigPlus.lookups(args);
        if (lookups.size() > 1) {
            // several lookups: all parsed first (their warnings before any answer), then asked one
            // after another, the greeting once; dig's exit status is the last failure's
            int[] status = {0};
            DnsClient[] client = {null};
            List<Session> sessions = new java.util.ArrayList<>();
            for (int i = 0; i < lookups.size(); i++) {
                int at = i;
                Terminal t = new DigPlus.Joined(term) {
                    @Override
                    public void exit(int code) {
                        status[0] = code != 0 ? code : status[0];
                        if (at + 1 < sessions.size()) {
                            sessions.get(at + 1).begin();
                        } else {
                            term.exit(status[0]);
                        }
                    }
                };
                Session s = session(node, lookups.get(i), t, args, i > 0, client);
                if (s == null) {
                    return;
                }
                sessions.add(s);
            }
            sessions.get(0).begin();
            return;
        }
        Session s = session(node, args, term, args, false, new DnsClient[1]);
        if (s != null) {
            s.begin();
        }
    }

    /**
     * One lookup of {@code args} (the command line {@code shown}; greeted: its greeting printed
     * already), or null when its words were refused (said on {@code term}, which has ended).
     */
    private static Session session(Node node, List<String> args, Terminal term, List<String> shown, boolean greeted,
            DnsClient[] client) {
        Session s;
        try {
            s = new Session(node, args, term, client[0]);
            client[0] = s.client;
            s.shown = shown;
            s.greeted = greeted;
        } catch (Refusal e) {
            term.println(e.getMessage());
            term.exit(e.code);
            return null;
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            for (String l : USAGE) {
                term.println(l);
            }
            term.exit(1);
            return null;
        }
        return s;
    }

    static final class Session {
        final Node node;
        final DigPlus.Joined term;
        final List<String> args;
        /** The command line as typed, for the greeting (all the lookups' words). */
        List<String> shown;
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
        /** The query's class ({@code -c} or a class word), IN unless given. */
        int qclass = DClass.IN;
        /** {@code +aaflag}, {@code +raflag}, {@code +tcflag}, {@code +zflag}, {@code +opcode}, {@code +qid}: header bits dig sets. */
        final DigQuery.Header header = new DigQuery.Header();
        /** {@code +edns=N}, {@code +ednsflags}, {@code +ednsopt}, {@code +padding}, {@code +expire}, {@code +keepalive}. */
        int ednsVersion;
        int ednsFlags;
        List<org.xbill.DNS.EDNSOption> ednsOptions = List.of();
        int padding;
        boolean expire;
        boolean keepalive;
        boolean ednsNegotiation = true;
        /** {@code +qr}: the query printed before it goes; {@code +nssearch}: each authoritative server's SOA. */
        boolean qr;
        boolean nssearch;
        /** {@code +ignore}: a truncated answer is printed, not asked again over TCP. */
        boolean ignoreTruncation;
        /** {@code +search}, {@code +showsearch}, {@code +domain=D}, {@code +ndots=N}: the search list. */
        boolean search;
        boolean showSearch;
        String domain;
        int ndots = 1;
        /** {@code -u}: query times in microseconds. */
        boolean usec;
        boolean greeted;
        /** The names +search still has to try when the one asked does not exist. */
        List<Name> searchNext = List.of();

        Session(Node node, List<String> args, Terminal term, DnsClient shared) {
            this.node = node;
            this.term = new DigPlus.Joined(term);
            this.args = args;
            this.shown = args;
            this.client = shared != null ? shared : new DnsClient(node, "dig");
            this.random = DnsClient.stream(node, "dig-server-choice");
            boolean haveName = false;
            boolean classSet = false;
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
                    port = DigPlus.bounded("port number", v, 65535, 1);
                } else if (a.startsWith("+")) {
                    plus(a.substring(1));
                } else if (a.equals("-c")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("Invalid option: -c");
                    }
                    String c = args.get(++i);
                    if (DClass.value(c.toUpperCase(Locale.ROOT)) < 0) {
                        term.println(";; Warning, ignoring invalid class " + c);
                    } else {
                        qclass = DClass.value(c.toUpperCase(Locale.ROOT));
                    }
                } else if (a.equals("-q")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("Invalid option: -q");
                    }
                    qnameText = args.get(++i);
                    haveName = true;
                } else if (a.equals("-u")) {
                    usec = true;
                } else if (a.equals("-r") || a.equals("-i") || a.equals("-n") || a.equals("-m")) {
                    // -r: no ~/.digrc to skip here; -i, -n: deprecated, no effect; -m: memory debugging
                } else if (a.startsWith("-")) {
                    throw new IllegalArgumentException("Invalid option: " + a);
                } else if ((haveName || i + 1 < args.size() && !args.get(i + 1).startsWith("+")
                        && !args.get(i + 1).startsWith("@") && !args.get(i + 1).startsWith("-"))
                        && Type.value(a.toUpperCase(Locale.ROOT)) > 0 && qtype < 0) {
                    // dig takes a type word wherever it stands ("dig AAAA name" as "dig name AAAA")
                    qtype = Type.value(a.toUpperCase(Locale.ROOT));
                } else if ((haveName || i + 1 < args.size() && !args.get(i + 1).startsWith("+")
                        && !args.get(i + 1).startsWith("@") && !args.get(i + 1).startsWith("-"))
                        && DClass.value(a.toUpperCase(Locale.ROOT)) > 0 && !classSet) {
                    // and a class word the same way ("dig CH TXT version.bind")
                    qclass = DClass.value(a.toUpperCase(Locale.ROOT));
                    classSet = true;
                } else if (!haveName) {
                    qnameText = a;
                    haveName = true;
                } else if (Type.value(a.toUpperCase(Locale.ROOT)) > 0) {
                    term.println(";; Warning, extra type option"); // dig.c: the later type wins
                    qtype = Type.value(a.toUpperCase(Locale.ROOT));
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
            if (qname != null && search && !trace && !nssearch && domain != null && !qnameText.endsWith(".")
                    && qnameText.chars().filter(ch -> ch == '.').count() < ndots) {
                // +search with +domain's list (resolv.conf here has no search line): the name in
                // the domain first, then as it is (dighost.c next_origin)
                searchNext = List.of(qname);
                qname = Dns.name(qnameText + "." + domain);
            }
            if (sendCookie && cookie == null) {
                // dig draws one random client cookie per run (dighost.c cookie_secret)
                cookie = new byte[DnsCookies.CLIENT_LENGTH];
                BigEndian.put64(cookie, 0, DnsClient.stream(node, "dig-cookie").nextLong());
            }
        }

        void plus(String o) {
            DigPlus.Parsed p = DigPlus.parse(o);
            boolean on = p.on();
            String value = p.value();
            String bare = o.indexOf('=') < 0 ? o : o.substring(0, o.indexOf('=')); // dig's complaints name it so
            switch (p.name()) {
                case "short" -> show.shortForm(on);
                case "tcp", "vc" -> tcp = on;
                case "recurse", "rdflag" -> recurse = on;
                case "edns" -> {
                    edns = on;
                    ednsVersion = on && value != null ? DigPlus.bounded("edns", value, 255, 10) : 0;
                }
                case "adflag" -> adflag = on;
                case "cdflag" -> cdflag = on;
                case "aaflag" -> header.aa = on;
                case "raflag" -> header.ra = on;
                case "tcflag" -> header.tc = on;
                case "zflag" -> header.z = on;
                case "opcode" -> header.opcode = on ? DigPlus.opcode(value) : 0;
                case "qid" -> header.qid = on ? DigPlus.bounded("qid", DigPlus.need(o, value), 65535, 10) : -1;
                case "cookie" -> {
                    sendCookie = on;
                    if (on && value != null) {
                        cookie = DigPlus.hexCookie(value);
                    }
                }
                case "subnet" -> subnet = on ? DigPlus.subnet(DigPlus.valueOf(bare, value, on)) : null;
                case "trace" -> trace = on;
                case "cmd" -> show.cmd = on;
                case "comments" -> show.comments = on;
                case "question" -> show.question = on;
                case "answer" -> show.answer = on;
                case "authority" -> show.authority = on;
                case "additional" -> show.additional = on;
                case "stats" -> show.stats = on;
                case "all" -> show.all(on);
                case "multiline" -> show.multiline = on;
                case "rrcomments" -> show.rrcomments = on ? 1 : -1;
                case "expandaaaa" -> show.expandAaaa = on;
                case "unknownformat" -> show.unknownFormat = on;
                case "qr" -> qr = on;
                case "nssearch" -> {
                    nssearch = on;
                    if (on) {
                        qtype = Type.NS;
                        show.shortForm(true);
                    }
                }
                // dighost.c's limits: MAXTIMEOUT 0xffff seconds, MAXTRIES 0xffffffff (more than an hour's shell ever uses)
                case "timeout" -> timeoutNs = Math.max(1, DigPlus.bounded("timeout", DigPlus.valueOf(bare, value, on), 65535, 10))
                        * Durations.S;
                case "tries" -> tries = (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, DigPlus.bounded("tries", DigPlus.valueOf(bare, value, on), 0xffffffffL, 10)));
                case "retry" -> tries = (int) Math.min(Integer.MAX_VALUE,
                        DigPlus.bounded("retries", DigPlus.valueOf(bare, value, on), 0xfffffffeL, 10) + 1);
                // dig 9.18 offers 0..32767 as given; a larger size (to 65535) is sent as the default 1232
                case "bufsize" -> {
                    if (!on) {
                        throw new IllegalArgumentException("Invalid option: +" + bare);
                    }
                    int b = value == null || value.isEmpty() ? Dns.EDNS_PAYLOAD : DigPlus.bounded("buffer size", value, 65535, 10);
                    bufsize = b > 32767 ? Dns.EDNS_PAYLOAD : b;
                }
                case "dnssec" -> dnssec = on;
                case "nsid" -> nsid = on;
                case "expire" -> expire = on;
                case "keepalive" -> keepalive = on;
                case "padding" -> padding = DigPlus.bounded("padding", DigPlus.need(o, value), 512, 10);
                case "ednsflags" -> ednsFlags = on && value != null ? DigPlus.boundedX("ednsflags", value, 0xffff, 10) & ~0x8000 : 0;
                case "ednsopt" -> ednsOptions = DigPlus.ednsOpt(ednsOptions, on, value);
                case "ednsnegotiation" -> ednsNegotiation = on;
                case "identify" -> identify = on;
                case "ttlid" -> show.ttl = on;
                case "class" -> show.cls = on;
                case "ttlunits" -> show.ttlUnits = on;
                case "ignore" -> ignoreTruncation = on;
                case "search", "defname" -> search = on;
                case "showsearch" -> {
                    search = on;
                    showSearch = on;
                }
                case "domain" -> {
                    if (!on) {
                        throw new IllegalArgumentException("Invalid option: +" + bare);
                    }
                    domain = DigPlus.need(o, value);
                }
                case "ndots" -> {
                    if (!on) {
                        throw new IllegalArgumentException("Invalid option: +" + bare);
                    }
                    ndots = DigPlus.bounded("ndots", DigPlus.need(o, value), 128, 10);
                }
                case "split" -> DigPlus.split(on, bare, value, term);
                case "dscp" -> term.print(";; +dscp option is obsolete and has no effect");
                case "mapped", "sigchase", "topdown" -> term.print(";; +" + p.name() + " option is deprecated");
                case "trusted-key" -> term.print(";; +trusted-key option is deprecated");
                case "unexpected" -> term.print(";; +unexpected option is deprecated");
                // what changes nothing a world can show: no DNSSEC, IDN or malformed answers here,
                // no AXFR for +onesoa, one connection per query for +keepopen, one server for +fail
                case "crypto", "idnin", "idnout", "besteffort", "onesoa", "keepopen", "fail", "badcookie",
                        "showbadcookie", "fuzztime" -> {
                }
                default -> throw new Refusal("dig: +" + p.name() + ": " + DigPlus.unmodelled(p.name()), 1);
            }
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
            if (!show.cmd || greeted) {
                return;
            }
            greeted = true;
            term.println("");
            term.println("; <<>> DiG " + VERSION + " <<>> " + String.join(" ", shown));
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
            if (nssearch) {
                new DigNsSearch(client, firstServer(), timeoutNs, term, qname).start();
                return;
            }
            if (trace) {
                greeting();
                new DigTrace(this).root();
                return;
            }
            ask(0, tcp);
        }

        Message query(boolean overTcp) {
            Message q = DnsClient.newQuery(qname, qtype, recurse, false);
            DigQuery.setClass(q, qclass);
            DigQuery.Edns e = new DigQuery.Edns(ednsVersion, ednsFlags, expire, keepalive, padding, ednsOptions);
            if (edns) {
                // dighost.c's order of options: NSID first, then the client subnet and the cookie (put below)
                q.addRecord(DigQuery.opt(bufsize, dnssec, nsid, e), Section.ADDITIONAL);
            }
            if (adflag) {
                q.getHeader().setFlag(Flags.AD);
            }
            if (cdflag) {
                q.getHeader().setFlag(Flags.CD);
            }
            header.apply(q);
            if (edns && subnet != null) {
                dev.minternet.dns.Ecs.put(q, subnet);
            }
            if (edns && sendCookie) {
                DnsCookies.put(q, cookie.length == DnsCookies.CLIENT_LENGTH ? new CookieOption(cookie)
                        : new CookieOption(Arrays.copyOf(cookie, 8), Arrays.copyOfRange(cookie, 8, cookie.length)));
            }
            if (edns) {
                DigQuery.addAfterCookie(q, e);
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
                if (m.getRcode() == 16 && m.getOPT() != null && m.getOPT().getVersion() < ednsVersion && ednsNegotiation) {
                    if (show.comments) {
                        term.println(";; BADVERS, retrying with EDNS version " + m.getOPT().getVersion() + ".");
                    }
                    ednsVersion = m.getOPT().getVersion();
                    ask(attempt, overTcp);
                    return;
                }
                if (m.getRcode() == org.xbill.DNS.Rcode.NXDOMAIN && !searchNext.isEmpty()) {
                    if (showSearch) {
                        print(m, rtt, size, viaTcp, overTcp);
                    }
                    qname = searchNext.get(0);
                    searchNext = searchNext.subList(1, searchNext.size());
                    ask(0, overTcp);
                    return;
                }
                if (m.getRcode() == DnsCookies.BADCOOKIE && !viaTcp && sendCookie && edns && badCookieRetry(m)) {
                    return;
                }
                print(m, rtt, size, viaTcp, overTcp);
                term.exit(0);
            };
            Message q = query(overTcp);
            client.ignoreTruncation(ignoreTruncation);
            if (header.qid >= 0) {
                client.presetId(header.qid);
            }
            if (qr && !show.shortForm) {
                // +qr: the query as it goes, its ID the one the client is about to draw
                greeting();
                q.getHeader().setID(client.reserveId());
                DigQuery.sending(q, show, q.toWire().length).forEach(term::println);
            }
            if (server6 != null) {
                client.query6(q, server6, null, timeoutNs, overTcp, done);
            } else {
                client.query(q, server, null, timeoutNs, overTcp, done);
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
                term.println(";; Query time: " + (usec ? rttNs / 1000 + " usec" : rttNs / Durations.MS + " msec"));
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

        /** The server given (or resolv.conf's first), of its family. */
        ServerAddress firstServer() {
            return server6 != null ? ServerAddress.of(server6) : ServerAddress.of(server);
        }
    }
}
