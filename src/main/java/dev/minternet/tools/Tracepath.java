package dev.minternet.tools;

import dev.minternet.ip.IpStack;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.UdpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * tracepath, as iputils 20221126 (Debian 12's iputils-tracepath) prints it: the path to a host
 * and its MTU, one line per answer ({@link TracepathRun} runs the loop). IPv4 by default and for
 * names, IPv6 with -6 or an IPv6 literal. Names of hops come from the world, as traceroute's do
 * (the node holding the address), not from PTR lookups. The command line is read as the real one
 * reads it (getopt "46nbh?l:m:p:V", options anywhere, "host/port" for the base port), with its
 * messages and exit statuses: 255 for a usage error, 1 for a bad value or an unknown host, 2 for
 * -4 with -6.
 */
public final class Tracepath implements Tool {
    static final int DEFAULT_BASEPORT = 44444;
    static final int DEFAULT_MAX_HOPS = 30;
    static final int OVERHEAD_IPV4 = 28;
    static final int OVERHEAD_IPV6 = 48;
    static final int DEFAULT_MTU_IPV4 = 65535;
    static final int DEFAULT_MTU_IPV6 = 128000;
    /** The MTU of Linux's loopback, which carries a datagram to the node's own address. */
    static final int LOOPBACK_MTU = 65536;

    static final List<String> USAGE = List.of(
            "",
            "Usage",
            "  tracepath [options] <destination>",
            "",
            "Options:",
            "  -4             use IPv4",
            "  -6             use IPv6",
            "  -b             print both name and ip",
            "  -l <length>    use packet <length>",
            "  -m <hops>      use maximum <hops>",
            "  -n             no dns name resolution",
            "  -p <port>      use destination <port>",
            "  -V             print version and exit",
            "  <destination>  dns name or ip address",
            "",
            "For more details see tracepath(8).");

    /** What -V prints: Debian 12's build. */
    static final List<String> VERSION = List.of(
            "tracepath from iputils 20221126",
            "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes");

    @Override
    public String name() {
        return "tracepath";
    }

    @Override
    public String synopsis() {
        return "tracepath [-4] [-6] [-n] [-b] [-l pktlen] [-m max_hops] [-p port] [-V] destination";
    }

    /** A command line the real tool refuses: what it prints and its exit status. */
    static final class Refusal extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final transient List<String> lines;
        final int status;

        Refusal(String message, boolean usage, int status) {
            super(message == null ? "usage: tracepath [options] <destination>" : message);
            List<String> l = new ArrayList<>();
            if (message != null) {
                l.add("tracepath: " + message);
            }
            if (usage) {
                l.addAll(USAGE);
            }
            this.lines = l;
            this.status = status;
        }
    }

    /** The command line, read. {@code family} is 0 (either), 4 or 6; {@code length} 0 is the default. */
    static final class Options {
        int family;
        boolean numeric;
        boolean both;
        boolean version;
        long length;
        int maxHops = DEFAULT_MAX_HOPS;
        int basePort;
        String host;

        /** getopt(argc, argv, "46nbh?l:m:p:V") as glibc runs it (options and operands in any order), then main's checks. */
        static Options parse(List<String> argv) {
            Options o = new Options();
            List<String> operands = new ArrayList<>();
            for (int i = 0; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.equals("--")) {
                    operands.addAll(argv.subList(i + 1, argv.size()));
                    break;
                }
                if (a.length() < 2 || a.charAt(0) != '-') {
                    operands.add(a);
                    continue;
                }
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    if ("lmp".indexOf(c) >= 0) {
                        String v;
                        if (k + 1 < a.length()) {
                            v = a.substring(k + 1);
                        } else if (i + 1 < argv.size()) {
                            v = argv.get(++i);
                        } else {
                            throw new Refusal("option requires an argument -- '" + c + "'", true, 255);
                        }
                        switch (c) {
                            case 'l' -> o.length = strtolOrErr(v, 0, Integer.MAX_VALUE);
                            case 'm' -> o.maxHops = (int) strtolOrErr(v, 0, 255);
                            default -> o.basePort = (int) strtolOrErr(v, 0, 65535);
                        }
                        break;
                    }
                    switch (c) {
                        case '4', '6' -> {
                            int f = c - '0';
                            if (o.family != 0 && o.family != f) {
                                throw new Refusal("Only one -4 or -6 option may be specified", false, 2);
                            }
                            o.family = f;
                        }
                        case 'n' -> o.numeric = true;
                        case 'b' -> o.both = true;
                        case 'V' -> {
                            o.version = true;
                            return o;
                        }
                        case 'h', '?' -> throw new Refusal(null, true, 255);
                        default -> throw new Refusal("invalid option -- '" + c + "'", true, 255);
                    }
                }
            }
            if (operands.size() != 1) {
                throw new Refusal(null, true, 255);
            }
            o.host = operands.get(0);
            if (o.basePort == 0) {
                // "Backward compatibility": destination/port
                int slash = o.host.indexOf('/');
                if (slash >= 0) {
                    o.basePort = (int) strtolOrErr(o.host.substring(slash + 1), 0, 65535);
                    o.host = o.host.substring(0, slash);
                } else {
                    o.basePort = DEFAULT_BASEPORT;
                }
            }
            return o;
        }
    }

    /** iputils' strtol_or_err with "invalid argument": strtol in base 10, nothing left over, within min..max. */
    static long strtolOrErr(String v, long min, long max) {
        int i = 0;
        while (i < v.length() && " \t\n\u000b\f\r".indexOf(v.charAt(i)) >= 0) {
            i++;
        }
        int start = i;
        if (i < v.length() && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        if (v.isEmpty() || i == digits || i != v.length()) {
            throw new Refusal("invalid argument: '" + v + "'", false, 1);
        }
        long n;
        try {
            n = Long.parseLong(v.substring(start).startsWith("+") ? v.substring(start + 1) : v.substring(start));
        } catch (NumberFormatException e) {
            throw new Refusal("invalid argument: '" + v + "': Numerical result out of range", false, 1);
        }
        if (n < min || n > max) {
            throw new Refusal("invalid argument: '" + v + "': out of range: " + min + " <= value <= " + max, false, 1);
        }
        return n;
    }

    @Override
    public void validate(List<String> argv) {
        Options.parse(argv);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Options o;
        try {
            o = Options.parse(argv);
        } catch (Refusal r) {
            refuse(term, r);
            return;
        }
        if (o.version) {
            VERSION.forEach(term::println);
            term.exit(0);
            return;
        }
        boolean v6literal = Ip6.isAddress(o.host);
        if (o.family == 4 && v6literal || o.family == 6 && Ip4.isAddress(o.host)) {
            refuse(term, new Refusal(o.host + ": Address family for hostname not supported", false, 1));
            return;
        }
        // getaddrinfo with the family of -4/-6 (AF_UNSPEC without): its first address, IPv6 first
        // for a name with both where the node reaches it over IPv6 (RFC 6724)
        Names.getaddrinfo(node, o.host, o.family == 6 || v6literal ? 6 : o.family == 4 ? 4 : 0, found -> {
            if (found.isEmpty()) {
                refuse(term, new Refusal(o.host + ": Name or service not known", false, 1));
            } else if (found.get(0).isV6()) {
                begin(term, o, OVERHEAD_IPV6, new V6(node, term, o, found.get(0).v6()));
            } else {
                begin(term, o, OVERHEAD_IPV4, new V4(node, term, o, found.get(0).v4()));
            }
        });
    }

    /** The packet length checked once the family is known (main's pktlen_error), then the run. */
    private static void begin(Terminal term, Options o, int overhead, TracepathRun<?> run) {
        if (run.mtu <= overhead) {
            run.close();
            refuse(term, new Refusal("pktlen must be within: " + overhead + " < value <= " + Integer.MAX_VALUE, false, 1));
            return;
        }
        run.begin();
    }

    private static void refuse(Terminal term, Refusal r) {
        r.lines.forEach(term::println);
        term.exit(r.status);
    }

    /** tracepath over IPv4: a UDP socket with IP_PMTUDISC_DO, IP_RECVERR and IP_RECVTTL. */
    private static final class V4 extends TracepathRun<Integer> {
        final int dst;
        final UdpSocket socket;

        V4(Node node, Terminal term, Options o, int dst) {
            super(node, term, o, "tracepath", OVERHEAD_IPV4, o.length == 0 ? DEFAULT_MTU_IPV4 : (int) o.length);
            this.dst = dst;
            this.socket = node.udp().open(0);
            socket.setDontFragment(true);
            socket.onReceive((src, srcPort, payload, datagram) -> datagram());
            socket.onErrorWithTtl(this::icmpError);
        }

        @Override
        void setTtl(int ttl) {
            socket.setTtl(ttl);
        }

        @Override
        boolean send(int port, byte[] data, int len) {
            if (len > 0xffff) {
                return false; // udp_sendmsg refuses it (EMSGSIZE) before anything is queued
            }
            int st = socket.send(dst, port, data, 0, len);
            if (st == IpStack.ERR_MSG_SIZE) {
                // ip_local_error: about the socket's own destination port, 0 on an unconnected socket
                queueLocal(0, node.ip().pathMtu(dst));
            }
            return st == IpStack.OK;
        }

        /** An ICMP error about a probe, as Linux's __udp4_lib_err turns it into an errno. */
        void icmpError(int from, int type, int code, int nextHopMtu, byte[] quoted, int errTtl) {
            int ihl = Ipv4Packet.headerLength(quoted, 0);
            int port = UdpPacket.dstPort(quoted, ihl);
            int data = Math.min(quoted.length, ihl + UdpPacket.HEADER);
            byte[] payload = Arrays.copyOfRange(quoted, data, Math.min(quoted.length, data + PROBE_HEADER));
            Kind kind = Kind.HOST_UNREACHABLE;
            String errno = null;
            if (type == IcmpPacket.TIME_EXCEEDED) {
                kind = code == 0 ? Kind.TTL_EXCEEDED : Kind.HOST_UNREACHABLE;
            } else {
                switch (code) {
                    case IcmpPacket.CODE_FRAGMENTATION_NEEDED -> kind = Kind.MSG_SIZE;
                    case IcmpPacket.CODE_PORT_UNREACHABLE -> kind = Kind.REFUSED;
                    case IcmpPacket.CODE_NET_UNREACHABLE, 6, 9, 11 -> kind = Kind.NET_UNREACHABLE;
                    case IcmpPacket.CODE_PROTOCOL_UNREACHABLE -> errno = "Protocol not available";
                    case 5 -> errno = "Operation not supported";
                    case 7 -> errno = "Host is down";
                    case 8 -> errno = "Machine is not on the network";
                    default -> kind = Kind.HOST_UNREACHABLE;
                }
            }
            if (errno != null) {
                kind = Kind.OTHER;
            }
            queue(new Err<>(false, from, port, payload, kind, nextHopMtu, errTtl, errno));
        }

        @Override
        String numeric(Integer addr) {
            return Ip4.str(addr);
        }

        @Override
        String name(Integer addr) {
            String n = node.world().reverse(addr);
            return n == null ? Ip4.str(addr) : n;
        }

        @Override
        void close() {
            socket.close();
        }
    }

    /** tracepath over IPv6: IPV6_PMTUDISC_DO, IPV6_RECVERR and IPV6_HOPLIMIT. */
    private static final class V6 extends TracepathRun<Ip6> {
        final Ip6 dst;
        final Udp6Socket socket;

        V6(Node node, Terminal term, Options o, Ip6 dst) {
            super(node, term, o, "tracepath", OVERHEAD_IPV6, o.length == 0 ? DEFAULT_MTU_IPV6 : (int) o.length);
            this.dst = dst;
            this.socket = node.udp().open6(0);
            socket.setDontFragment(true);
            socket.onReceive((src, srcPort, payload, datagram) -> datagram());
            socket.onError(this::icmpError);
        }

        @Override
        void setTtl(int ttl) {
            socket.setHopLimit(ttl);
        }

        @Override
        boolean send(int port, byte[] data, int len) {
            // the route comes first (ENETUNREACH: "send failed"), then the size: IPv6's 65,535 octets
            // of payload, then the path MTU (EMSGSIZE), as udpv6_sendmsg finds them
            Ip6Stack ip6 = node.ip6();
            boolean routed = ip6 != null && (ip6.isLocal(dst) || ip6.pathMtu(dst) > 0);
            int st = !routed ? Ip6Stack.ERR_NO_ROUTE : len > 0xffff - UdpPacket.HEADER ? Ip6Stack.ERR_MSG_SIZE
                    : socket.send(dst, port, Arrays.copyOf(data, len));
            if (st == Ip6Stack.ERR_MSG_SIZE) {
                // ipv6_local_error: about the destination port the datagram was for
                queueLocal(port, ip6.isLocal(dst) ? LOOPBACK_MTU : ip6.pathMtu(dst));
            }
            return st == Ip6Stack.OK;
        }

        /** An ICMPv6 error about a probe, as Linux's icmpv6_err_convert turns it into an errno. */
        void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
            int udp = quoted + Ipv6Packet.HEADER;
            int port = UdpPacket.dstPort(d, udp);
            int data = Math.min(d.length, udp + UdpPacket.HEADER);
            byte[] payload = Arrays.copyOfRange(d, data, Math.min(d.length, data + PROBE_HEADER));
            Kind kind = switch (type) {
                case Icmpv6Packet.TIME_EXCEEDED -> code == 0 ? Kind.TTL_EXCEEDED : Kind.HOST_UNREACHABLE;
                case Icmpv6Packet.PACKET_TOO_BIG -> Kind.MSG_SIZE;
                case Icmpv6Packet.DEST_UNREACHABLE -> switch (code) {
                    case Icmpv6Packet.CODE_NO_ROUTE -> Kind.NET_UNREACHABLE;
                    case Icmpv6Packet.CODE_ADMIN_PROHIBITED, 5, 6 -> Kind.ACCES;
                    case 2, Icmpv6Packet.CODE_ADDRESS_UNREACHABLE -> Kind.HOST_UNREACHABLE;
                    case Icmpv6Packet.CODE_PORT_UNREACHABLE -> Kind.REFUSED;
                    default -> Kind.PROTO;
                };
                default -> Kind.PROTO;
            };
            queue(new Err<>(false, from, port, payload, kind, (int) word, Ipv6Packet.hopLimit(d, 0), null));
        }

        @Override
        String numeric(Ip6 addr) {
            return addr.toString();
        }

        @Override
        String name(Ip6 addr) {
            String n = Ping6.owner(node, addr);
            return n == null ? addr.toString() : n;
        }

        @Override
        void close() {
            socket.close();
        }
    }
}
