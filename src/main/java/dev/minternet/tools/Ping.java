package dev.minternet.tools;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.time.Instant;
import java.util.List;

/**
 * ping, as Linux iputils prints it: one ICMP echo request per interval, one line per reply or
 * error, then the statistics block. RTTs are simulated time between sending a request and
 * receiving its reply; the statistics' {@code time} runs from the start to the last request sent,
 * as iputils measures it. Requests carry DF when they fit the path MTU and are fragmented at the
 * source when they do not (IP_PMTUDISC_WANT, Linux's default); {@code -M do} always sets DF and a
 * request larger than the path MTU fails locally ({@code local error: message too long, mtu=N}),
 * {@code -M dont} never sets it. Like iputils, ping stops as soon as replies and errors together
 * reach {@code -c}. Options: -c count, -s size, -i interval, -t ttl, -W timeout, -w deadline,
 * -M do|dont|want, -I, -O, -q, -n, -D, -p pattern, -f (with -i, as a user: {@link PingSession}),
 * -h, -V; the other options iputils lists are refused as not
 * modelled ({@link PingOptions}).
 */
public final class Ping implements Tool {
    /** iputils waits this long for stragglers when nothing came back (MAXWAIT). */
    static final long LINGER_NO_REPLY_NS = 10 * Durations.S;
    /**
     * The shortest interval iputils lets a user (not root) ask for: 2 ms since iputils 20210722
     * (MINUSERINTERVAL; it was 200 ms before). The simulated terminals are a user's.
     */
    static final long MIN_USER_INTERVAL_NS = 2 * Durations.MS;
    /** iputils refuses -i and -W above INT_MAX milliseconds. */
    static final long MAX_INTERVAL_NS = Integer.MAX_VALUE * Durations.MS;

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public String synopsis() {
        return "ping [-4|-6] [-c count] [-s size] [-i interval] [-t ttl] [-W timeout] [-w deadline] [-M do|dont] [-I address|interface] [-O] [-q] [-n] [-D] [-f] [-p pattern] destination";
    }

    /** {@code -6}, or an IPv6 literal as the destination, makes this ping IPv6's ({@link Ping6}), as iputils does. */
    static boolean ipv6(List<String> argv) {
        if (argv.contains("-4")) {
            return false; // an IPv6 literal with -4: getaddrinfo's "Address family for hostname not supported"
        }
        for (String a : argv) {
            if (a.equals("-6") || !a.startsWith("-") && a.contains(":") && dev.minternet.wire.Ip6.isAddress(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void validate(List<String> argv) {
        if (argv.contains("-4") && argv.contains("-6")) {
            throw new IllegalArgumentException("only one -4 or -6 option may be specified");
        }
        if (ipv6(argv)) {
            new Ping6().validate(argv);
            return;
        }
        new Session(Validation.node(), parse(argv), Validation.SILENT);
    }

    private static Args parse(List<String> argv) {
        return parse(argv, PingOptions.WITH_VALUE);
    }

    /**
     * Runs {@code session}, which reads a command line and starts on it; an error in the line is
     * printed as "ping: message", followed by iputils' usage when it is an unknown option or one
     * missing its value (as getopt's error and usage() print them), and ends the command with status 2
     * (1 for an option's bad number, "invalid argument: 'X'").
     */
    static void orUsage(Terminal term, Runnable session) {
        try {
            session.run();
        } catch (IllegalArgumentException e) {
            term.println("ping: " + e.getMessage());
            if (e.getMessage().startsWith("invalid option") || e.getMessage().startsWith("option requires an argument")) {
                usage(term);
            }
            // iputils' strtol_or_err: an option's bad number is error(EXIT_FAILURE, ...), status 1
            term.exit(e.getMessage().startsWith("invalid argument") ? 1 : 2);
        }
    }

    /** iputils' usage(), as -h and a bad option print it. */
    static void usage(Terminal term) {
        try (java.io.InputStream in = Ping.class.getResourceAsStream("ping-usage.txt")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            text.substring(0, text.length() - 1).lines().forEach(term::println);
        } catch (java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
    }

    /** A ping command line with the options {@code withValue} take, refused unless it names one destination. */
    static Args parse(List<String> argv, String withValue) {
        Args a = new Args(argv, withValue, PingOptions.FLAGS);
        PingOptions.refuseUnmodelled(a);
        if (a.operands.size() != 1) {
            throw new IllegalArgumentException(a.operands.isEmpty() ? "usage error: Destination address required"
                    : "usage error: too many destinations");
        }
        return a;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        if (argv.contains("-4") && argv.contains("-6")) {
            term.println("ping: only one -4 or -6 option may be specified");
            term.exit(2);
            return;
        }
        if (ipv6(argv)) {
            new Ping6().start(node, argv, term);
            return;
        }
        orUsage(term, () -> {
            Args a = parse(argv);
            Session s = new Session(node, a, term); // every option is read before the name is resolved, as iputils does
            s.printPattern(); // iputils' fill(), before the socket and the name
            // iputils resolves with AF_UNSPEC and pings the first address getaddrinfo gives: on a
            // node with IPv6 to the destination, a name's AAAA before its A (RFC 6724)
            boolean only4 = a.has('4') || Ip4.isAddress(a.str('I', "")); // an IPv4 source asks for IPv4 (iputils)
            Names.getaddrinfo(node, s.target, 0, found -> {
                Names.Addr first = Names.first(found, only4 ? 4 : 0);
                if (first == null && !found.isEmpty()) {
                    s.refuse("ping: " + s.target + ": Address family for hostname not supported");
                } else if (first != null && first.isV6()) {
                    Ping6.begin(node, argv, term, first.v6());
                } else if (s.ttl == 0 && first != null) {
                    s.refuse("ping: cannot set unicast time-to-live: Invalid argument"); // IP_TTL 0 is EINVAL
                } else {
                    s.dst = first == null ? 0 : first.v4();
                    s.begin();
                }
            });
        });
    }

    private static final class Session extends PingSession<Integer> implements Icmp.EchoListener {
        final int ttl;
        final PmtuDisc pmtudisc;
        /** {@code -I}: an address or an interface to send from (null: the route's). */
        final String bind;
        /** The source address -I chose (0: the route's), and the interface it binds to when the routes lead elsewhere. */
        int src;
        dev.minternet.ip.NetInterface onLink;

        Session(Node node, Args a, Terminal term) {
            super(node, a, term, 65507, args -> bounded(args, 'i', Durations.S, "bad timing interval"));
            this.ttl = a.integer('t', IpStack.DEFAULT_TTL, 0, 255, "argument"); // 0 passes; setsockopt refuses it
            this.timeout = bounded(a, 'W', LINGER_NO_REPLY_NS, "bad linger time");
            String m = a.str('M', "want");
            if (!m.equals("do") && !m.equals("dont") && !m.equals("want")) {
                throw new IllegalArgumentException("invalid -M argument: " + m);
            }
            this.pmtudisc = m.equals("do") ? PmtuDisc.DO : m.equals("dont") ? PmtuDisc.DONT : PmtuDisc.WANT;
            this.bind = a.str('I', null);
        }

        /**
         * iputils' -I: an IPv4 address must be one of the node's (bind), anything else names an
         * interface (SO_BINDTODEVICE); returns the " from SRC DEV" of the first line, or null
         * after refusing.
         */
        String bound() {
            if (Ip4.isAddress(bind)) {
                src = Ip4.parse(bind);
                if (!node.ip().isLocalAddress(src)) {
                    refuse("ping: bind: Cannot assign requested address");
                    return null;
                }
                return " from " + bind + " :";
            }
            dev.minternet.ip.NetInterface f = node.ip().iface(bind);
            if (f == null) {
                refuse("ping: SO_BINDTODEVICE " + bind + ": No such device");
                return null;
            }
            dev.minternet.ip.Route r = node.ip().route(dst);
            if (r != null && r.iface() == f) {
                src = node.ip().sourceAddressFor(dst);
            } else {
                src = f.address();
                onLink = f;
            }
            return " from " + Ip4.str(src) + " " + bind + ":";
        }

        /** -i or -W in ns, refused in iputils' words ({@code what}) below 0 or past INT_MAX milliseconds. */
        static long bounded(Args a, char option, long defNs, String what) {
            long ns;
            try {
                ns = a.seconds(option, defNs);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + a.str(option, ""));
            }
            if (ns > MAX_INTERVAL_NS) {
                throw new IllegalArgumentException(what + ": " + a.str(option, ""));
            }
            return ns;
        }

        @Override
        boolean literal(String target) {
            return Ip4.isAddress(target);
        }

        @Override
        String str(Integer addr) {
            return Ip4.str(addr);
        }

        @Override
        String name(Integer addr) {
            return node.world().reverse(addr);
        }

        @Override
        boolean open() {
            if (dst == 0) {
                return refuse("ping: " + target + ": Name or service not known");
            }
            if (node.ip().sourceAddressFor(dst) == 0) {
                return refuse("ping: connect: Network is unreachable");
            }
            String from = "";
            if (bind != null && (from = bound()) == null) {
                return false;
            }
            id = node.ip().icmp().openEcho(this, node.random("ping-id"));
            term.println("PING " + shown() + " (" + Ip4.str(dst) + ")" + from + " " + size + "(" + (size + 28) + ") bytes of data.");
            return true;
        }

        @Override
        boolean send(long seq) {
            int st = node.ip().icmp().sendEcho(dst, src, onLink, id, (int) (seq & 0xffff), ttl, payload(), pmtudisc);
            if (st == IpStack.ERR_NO_ROUTE) {
                if (flood) {
                    floodOut("E"); // pinger's hard local error under -f
                } else {
                    term.println("ping: sendmsg: Network is unreachable");
                }
            } else if (st == IpStack.ERR_MSG_SIZE) {
                // The kernel queues a local error (IP_RECVERR) carrying the path MTU; iputils prints
                // and counts it, except under -q, where it skips both.
                if (!quiet) {
                    if (flood) {
                        floodOut("E");
                    } else {
                        term.println("ping: local error: message too long, mtu=" + node.ip().pathMtu(dst));
                    }
                    stats.errors++;
                }
                if (stats.enough(count)) {
                    finish();
                    return false;
                }
            }
            return true;
        }

        /** iputils puts a struct timeval first, then bytes counting up (offset 16 = 0x10) or the -p pattern. */
        byte[] payload() {
            byte[] p = data();
            if (size >= 16) {
                Instant t = node.world().date();
                long sec = t.getEpochSecond();
                long usec = t.getNano() / 1000;
                for (int i = 0; i < 8; i++) {
                    p[i] = (byte) (sec >>> (8 * i));
                    p[8 + i] = (byte) (usec >>> (8 * i));
                }
            }
            return p;
        }

        @Override
        public void echoReply(int from, int wireSeq, byte[] d) {
            reply(from, wireSeq, Ipv4Packet.totalLength(d, 0) - Ipv4Packet.headerLength(d, 0), Ipv4Packet.ttl(d, 0));
        }

        @Override
        void traceReply(long seq, long rttNs, int ttl, boolean dup) {
            if (node.trace().enabled()) {
                node.trace().emit(node.name(), ToolEvents.PING_REPLY, Ip4.str(dst), seq, rttNs, ttl, dup);
            }
        }

        @Override
        public void error(int from, int type, int code, int seq, int mtu, byte[] d) {
            if (!finished && node.trace().enabled()) {
                node.trace().emit(node.name(), ToolEvents.PING_ERROR, Ip4.str(dst), seq, Ip4.str(from), type, code);
            }
            error(from, seq, describe(type, code, mtu));
        }

        static String describe(int type, int code, int mtu) {
            if (type == IcmpPacket.TIME_EXCEEDED) {
                return code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
            }
            return switch (code) {
                case IcmpPacket.CODE_NET_UNREACHABLE -> "Destination Net Unreachable";
                case IcmpPacket.CODE_HOST_UNREACHABLE -> "Destination Host Unreachable";
                case IcmpPacket.CODE_PROTOCOL_UNREACHABLE -> "Destination Protocol Unreachable";
                case IcmpPacket.CODE_PORT_UNREACHABLE -> "Destination Port Unreachable";
                case IcmpPacket.CODE_FRAGMENTATION_NEEDED -> "Frag needed and DF set (mtu = " + mtu + ")";
                case IcmpPacket.CODE_ADMIN_PROHIBITED -> "Packet filtered";
                default -> "Dest Unreachable, Bad Code: " + code;
            };
        }

        @Override
        void close() {
            node.ip().icmp().closeEcho(id);
        }
    }
}
