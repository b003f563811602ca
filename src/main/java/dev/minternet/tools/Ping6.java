package dev.minternet.tools;

import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import java.util.List;

/**
 * {@code ping -6} and {@code ping6}, as iputils prints them for IPv6 ("PING dst(dst) 56 data
 * bytes", the hop limit of each reply as {@code ttl=}, ICMPv6 errors in iputils' words:
 * "Time exceeded: Hop limit", "Destination unreachable: Address unreachable", "Packet too big:
 * mtu=1280"), then the same statistics block as IPv4's ping. A node name stands for the node's
 * first preferred global IPv6 address. Options: -c count, -s size, -i interval, -t hop limit,
 * -W timeout, -M do|dont|want, -q, and -D, -p, -f as IPv4's ({@link PingSession}). A request larger than the path MTU leaves in fragments (Linux's
 * IPV6_PMTUDISC_WANT), and so does a large reply; with {@code -M do} it fails locally as iputils
 * prints it ({@code ping: local error: message too long, mtu: 1500}, counted in "+N errors").
 */
public final class Ping6 implements Tool {
    @Override
    public String name() {
        return "ping6";
    }

    @Override
    public String synopsis() {
        return "ping6 [-c count] [-s size] [-i interval] [-t hoplimit] [-W timeout] [-w deadline] [-M do|dont|want] [-O] [-q] destination";
    }

    @Override
    public void validate(List<String> argv) {
        new Session(Validation.node(), parse(argv), Validation.SILENT);
    }

    static Args parse(List<String> argv) {
        List<String> rest = new java.util.ArrayList<>(argv);
        rest.removeIf(x -> x.equals("-6"));
        Args a = Ping.parse(rest, PingOptions.WITH_VALUE);
        if (a.has('I')) {
            throw new IllegalArgumentException("-I over IPv6 is not modelled (ping -4 -I binds over IPv4)");
        }
        return a;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Ping.orUsage(term, () -> {
            Session s = new Session(node, parse(argv), term);
            s.printPattern();
            Names.getaddrinfo(node, s.target, 6, found -> {
                Names.Addr first = Names.first(found, 6);
                s.dst = first == null ? null : first.v6();
                s.begin();
            });
        });
    }

    /** ping's IPv6 session to {@code dst}, an address getaddrinfo gave for ping's destination. */
    static void begin(Node node, List<String> argv, Terminal term, Ip6 dst) {
        Ping.orUsage(term, () -> {
            Session s = new Session(node, parse(argv), term);
            s.dst = dst;
            s.begin();
        });
    }

    /**
     * An IPv6 literal, or a node's first preferred global address, a static one before those
     * SLAAC formed (the world's /etc/hosts); null when neither.
     */
    static Ip6 resolve(Node node, String target) {
        if (Ip6.isAddress(target)) {
            return Ip6.parse(target);
        }
        if (target.equals("localhost") || target.equals("ip6-localhost") || target.equals("ip6-loopback")) {
            return Ip6.parse("::1"); // /etc/hosts: ::1 localhost ip6-localhost ip6-loopback
        }
        Node n = node.world().node(target);
        if (n == null) {
            return null;
        }
        for (boolean staticOnly : new boolean[] {true, false}) {
            for (Ip6Interface i : n.ip6().interfaces()) {
                for (Ip6Interface.Address a : i.addresses()) {
                    if (!a.linkLocal() && a.usable() && (!staticOnly || a.how().equals("static"))) {
                        return a.address();
                    }
                }
            }
        }
        return null;
    }

    /** The node holding {@code a}, for "from name (address)". */
    static String owner(Node node, Ip6 a) {
        if (a.isLoopback()) {
            return "localhost";
        }
        for (Node n : node.world().nodes()) {
            Ip6Stack ip6 = n.ip6IfMade(); // a node without an IPv6 layer holds no IPv6 address (none is made to ask)
            if (ip6 != null && ip6.isLocal(a)) {
                return n.name();
            }
        }
        return null;
    }

    private static final class Session extends PingSession<Ip6> implements Ip6Stack.EchoListener {
        final int hopLimit;
        /** -M do: IPV6_PMTUDISC_DO, never fragmented at the source. */
        final boolean dontFragment;

        Session(Node node, Args a, Terminal term) {
            super(node, a, term, 65527, args -> args.seconds('i', Durations.S));
            this.hopLimit = a.integer('t', Ipv6Packet.DEFAULT_HOP_LIMIT, 1, 255, "argument");
            this.timeout = a.seconds('W', Ping.LINGER_NO_REPLY_NS);
            String m = a.str('M', "want");
            if (!m.equals("do") && !m.equals("dont") && !m.equals("want")) {
                throw new IllegalArgumentException("invalid -M argument: " + m);
            }
            this.dontFragment = m.equals("do");
        }

        @Override
        boolean literal(String target) {
            return Ip6.isAddress(target);
        }

        @Override
        String str(Ip6 addr) {
            return addr.toString();
        }

        @Override
        String name(Ip6 addr) {
            return owner(node, addr);
        }

        @Override
        boolean open() {
            if (dst == null) {
                return refuse("ping: " + target + ": Name or service not known");
            }
            if (node.ip6().sourceFor(dst) == null) {
                return refuse("ping: connect: Network is unreachable");
            }
            id = node.ip6().openEcho(this, node.random("ping6-id"));
            term.println("PING " + shown() + "(" + from(dst) + ") " + size + " data bytes"); // pr_addr: "name (address)" unless numeric
            return true;
        }

        @Override
        boolean send(long seq) {
            byte[] data = data();
            int st = node.ip6().sendEcho(dst, id, (int) (seq & 0xffff), hopLimit, data, !dontFragment);
            if ((st == Ip6Stack.ERR_NO_ROUTE || st == Ip6Stack.ERR_NO_SOURCE) && flood) {
                floodOut("E");
            } else if (st == Ip6Stack.ERR_NO_ROUTE || st == Ip6Stack.ERR_NO_SOURCE) {
                term.println("ping: sendmsg: Network is unreachable");
            } else if (st == Ip6Stack.ERR_MSG_SIZE) {
                // -M do: the kernel queues a local error (IPV6_RECVERR) with the path MTU; iputils
                // prints it as "mtu: N" for IPv6 (IPv4's is "mtu=N") and counts it, but under -q
                if (!quiet) {
                    if (flood) {
                        floodOut("E");
                    } else {
                        term.println("ping: local error: message too long, mtu: " + node.ip6().pathMtu(dst));
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

        @Override
        public void echoReply(Ip6 from, int wireSeq, int hlim, int length, byte[] d) {
            reply(from, wireSeq, length, hlim);
        }

        @Override
        public void error(Ip6 from, int type, int code, int seq, long word) {
            error(from, seq, describe(type, code, word));
        }

        /** iputils' ping6 words for ICMPv6 errors (print_icmp6 in ping6_common.c). */
        static String describe(int type, int code, long word) {
            return switch (type) {
                case Icmpv6Packet.DEST_UNREACHABLE -> "Destination unreachable: " + switch (code) {
                    case 0 -> "No route";
                    case 1 -> "Administratively prohibited";
                    case 2 -> "Beyond scope of source address";
                    case 3 -> "Address unreachable";
                    case 4 -> "Port unreachable";
                    default -> "Unknown code " + code;
                };
                case Icmpv6Packet.PACKET_TOO_BIG -> "Packet too big: mtu=" + word;
                case Icmpv6Packet.TIME_EXCEEDED -> "Time exceeded: " + (code == 0 ? "Hop limit"
                        : code == 1 ? "Defragmentation failure" : "code " + code);
                case Icmpv6Packet.PARAMETER_PROBLEM -> "Parameter problem: " + (code == 0 ? "Wrong header field "
                        : code == 1 ? "Unknown header " : code == 2 ? "Unknown option " : "code " + code + " ") + "at " + word;
                default -> "Bad ICMP type: " + type;
            };
        }

        @Override
        void close() {
            node.ip6().closeEcho(id);
        }
    }
}
