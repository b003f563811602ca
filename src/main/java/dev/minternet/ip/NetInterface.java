package dev.minternet.ip;

import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.link.LinkEnd;
import dev.minternet.sim.Event;
import dev.minternet.trace.Trace;
import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Mac;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A network interface: an address with its prefix on one end of a point-to-point link. It hands
 * arriving datagrams to its node's {@link IpStack} and offers outgoing ones to its link's
 * transmitter. Capture taps (tcpdump) see the exact bytes in both directions.
 */
public final class NetInterface implements LinkEnd {
    /** Observes the bytes crossing an interface. */
    @FunctionalInterface
    public interface Tap {
        void packet(byte[] datagram, boolean outgoing);
    }

    private final IpStack ip;
    /**
     * Its name, or null when that is "eth" and its index (made when asked): a router of a large
     * world has an interface for each of its hosts, 48 bytes of name each.
     */
    private final String name;
    private final int index;
    /** The address and prefix; null while a DHCP client has none (see {@link IpStack#configure}). */
    private Cidr address;
    /** {@link #address}'s address, or 0 (read on every frame; the {@link Cidr} is one more object to fetch). */
    private int addressBits;
    /**
     * The address's directed broadcast when its prefix is shorter than /31, else 0xffffffff (the
     * limited broadcast, which every interface treats so): read for each datagram sent on Ethernet
     * without fetching the {@link Cidr}.
     */
    int directedBroadcast = 0xffffffff;
    /** The MAC address on an Ethernet link (0 on a raw IP link): read for every frame sent and received. */
    private long mac;
    /**
     * Whether a packet socket or an IPv6 handler was ever set here (both live in {@link #rare}): a
     * frame's arrival fetches the rare state only then.
     */
    private boolean frameHooks;
    private Link link;
    private Channel out;
    private NetInterface peer;
    private static final Tap[] NO_TAPS = new Tap[0];
    private Tap[] taps = NO_TAPS;
    /** This interface's neighbour table on an Ethernet link; null on a raw IP link. */
    private Neighbours neighbours;
    /** What most interfaces of a large world never have, in one object made at first need (null until then). */
    private Rare rare;
    /**
     * The neighbour table's presence mask ({@link Neighbours#find}): bit {@code Neighbours.hash(a) & 63}
     * set for each address {@code a} it holds. It lives here, not in the table, so that a broadcast
     * ARP this interface ignores is decided from this object alone (see {@link #arrive}).
     */
    long neighbourBits;
    /** Whether an ARP watcher ({@link #setArpWatch}) is set: held here for the same check. */
    private boolean arpWatched;
    /** Whether a carrier change announces the address before the listeners run (the first listener, kept as a flag). */
    private boolean announceOnCarrier;
    /** The node's trace (its IP stack's), held here for the same check. */
    private final Trace trace;

    /** The state of an Ethernet, DHCP, IPv6 or watched interface. */
    private static final class Rare {
        /** Valid and preferred lifetime ends of a dynamic address (ns), or -1 for a permanent one. */
        long validUntil = -1;
        long preferredUntil = -1;
        /** A packet socket (a DHCP client or server): sees IPv4 frames first and may take them. */
        PacketSocket packetSocket;
        java.util.function.Consumer<ArpPacket> arpWatch;
        List<Runnable> carrierListeners;
        /** Takes the IPv6 frames (EtherType 0x86DD) of an Ethernet interface; null while IPv6 is off here. */
        FrameHandler ipv6;
    }

    private Rare rare() {
        if (rare == null) {
            rare = new Rare();
        }
        return rare;
    }

    /**
     * Receives what arrives for IPv6 (the ip6 layer's hook): on an Ethernet interface the frames of
     * EtherType 0x86DD (with {@code dst} their destination MAC), on a raw IP interface the IPv6
     * datagrams themselves (version 6 in the first nibble; {@code dst} 0).
     */
    @FunctionalInterface
    public interface FrameHandler {
        void frame(byte[] frame, long dst);
    }

    /**
     * A packet socket on an Ethernet interface (AF_PACKET, as dhclient and dhcpd open one): it is
     * offered every IPv4 frame this NIC accepts before the IP layer, and takes the frame (returns
     * true) or leaves it to the IP layer.
     */
    @FunctionalInterface
    public interface PacketSocket {
        boolean frame(byte[] frame);
    }

    NetInterface(IpStack ip, String name, int index, Cidr address) {
        this.ip = ip;
        this.name = isEthIndex(name, index) ? null : name;
        this.index = index;
        this.address = address;
        this.addressBits = address == null ? 0 : address.address();
        this.directedBroadcast = directedBroadcast(address);
        this.trace = ip.trace();
    }

    /** Connects two interfaces with a link ({@code a} is the link's end A). */
    public static void connect(Link link, NetInterface a, NetInterface b) {
        link.attach(a, b);
        a.link = link;
        b.link = link;
        a.out = link.channelFromA();
        b.out = link.channelFromB();
        a.out.setQuietSender(a.taps.length == 0);
        b.out.setQuietSender(b.taps.length == 0);
        a.peer = b;
        b.peer = a;
    }

    /**
     * Attaches this interface as an Ethernet NIC with address {@code mac} to end A or B of
     * {@code link}, whose other end is a switch port or another NIC; it announces its address
     * (gratuitous ARP) now and whenever its carrier comes back.
     */
    public void attachEthernet(Link link, boolean atA, long mac, SplittableRandom random) {
        this.link = link;
        this.out = atA ? link.channelFromA() : link.channelFromB();
        this.mac = mac;
        this.neighbours = new Neighbours(this, random);
        out.setQuietSender(taps.length == 0);
        mirrorArpFilter();
        ip.sim().schedule(0, new Announce(this));
        if (!announceOnCarrier && (rare == null || rare.carrierListeners == null)) {
            announceOnCarrier = true; // the first carrier listener, as a flag: no list, lambda or rare state
        } else {
            onCarrierChange(this::announceIfUp);
        }
    }

    /** Announces the address (gratuitous ARP) if the interface is up and has one. */
    private void announceIfUp() {
        if (isUp() && address != null) {
            neighbours.announce();
        }
    }

    /** The announcement when an interface joins its link (one event object, no lambda). */
    private static final class Announce extends Event {
        private final NetInterface i;

        Announce(NetInterface i) {
            this.i = i;
        }

        @Override
        protected void fire() {
            i.announceIfUp();
        }
    }

    /** Connects two interfaces with an Ethernet link (a cable between two NICs, no switch). */
    public static void connectEthernet(Link link, NetInterface a, long macA, SplittableRandom ra, NetInterface b,
                                       long macB, SplittableRandom rb) {
        link.attach(a, b);
        a.attachEthernet(link, true, macA, ra);
        b.attachEthernet(link, false, macB, rb);
        a.peer = b;
        b.peer = a;
    }

    /** Whether frames (Ethernet II) rather than raw datagrams leave this interface. */
    public boolean isEthernet() {
        return neighbours != null;
    }

    /** The MAC address (0 on a raw IP interface). */
    public long mac() {
        return mac;
    }

    /**
     * Turns IPv6 on for this interface: on Ethernet, frames of EtherType 0x86DD, and those sent to
     * 33:33:xx:xx:xx:xx (IPv6 multicast, RFC 2464 7), go to {@code h}, which filters the groups; on
     * a raw IP link, datagrams whose version is 6 (as a PPP or tun device demultiplexes them).
     */
    public void setIpv6(FrameHandler h) {
        if (h != null || rare != null) {
            rare().ipv6 = h;
        }
        frameHooks |= h != null;
    }

    /** Whether IPv6 is on for this interface. */
    public boolean hasIpv6() {
        return rare != null && rare.ipv6 != null;
    }

    /** The neighbour table (null on a raw IP interface). */
    public Neighbours neighbours() {
        return neighbours;
    }

    /** The pcap link type of what the taps see: 1 (LINKTYPE_ETHERNET) or 101 (LINKTYPE_RAW). */
    public int linkType() {
        return neighbours != null ? 1 : 101;
    }

    public String name() {
        String n = name;
        return n != null ? n : "eth" + index;
    }

    /** Whether {@code n} is its name (without making the name). */
    public boolean named(String n) {
        return name != null ? name.equals(n) : isEthIndex(n, index);
    }

    /** Whether {@code n} is "eth" followed by {@code index} in decimal (no sign, no leading zero). */
    static boolean isEthIndex(String n, int index) {
        if (n == null || index < 0 || !n.startsWith("eth")) {
            return false;
        }
        int len = n.length();
        int digits = 1;
        for (int v = index; v >= 10; v /= 10) {
            digits++;
        }
        if (len != 3 + digits) {
            return false;
        }
        int v = index;
        for (int k = len - 1; k >= 3; k--) {
            if (n.charAt(k) != (char) ('0' + v % 10)) {
                return false;
            }
            v /= 10;
        }
        return true;
    }

    public int index() {
        return index;
    }

    /** The address, or 0 while the interface has none. */
    public int address() {
        return addressBits;
    }

    /** The address with its prefix, or null while the interface has none (a DHCP client before its lease). */
    public Cidr cidr() {
        return address;
    }

    void setAddress(Cidr c, long validUntil, long preferredUntil) {
        this.address = c;
        this.addressBits = c == null ? 0 : c.address();
        this.directedBroadcast = directedBroadcast(c);
        mirrorArpFilter();
        if (validUntil != -1 || preferredUntil != -1 || rare != null) {
            rare().validUntil = validUntil;
            rare.preferredUntil = preferredUntil;
        }
    }

    private static int directedBroadcast(Cidr c) {
        return c != null && c.length() < 31 ? c.broadcast() : 0xffffffff;
    }

    /** When a dynamic address stops being valid (ns), or -1 when it is permanent ({@code valid_lft forever}). */
    public long validUntil() {
        return rare == null ? -1 : rare.validUntil;
    }

    /** When a dynamic address stops being preferred (ns), or -1 when permanent. */
    public long preferredUntil() {
        return rare == null ? -1 : rare.preferredUntil;
    }

    /** Hands every ARP packet this interface receives to {@code w} too (null: nobody), as arping's socket sees them. */
    public void setArpWatch(java.util.function.Consumer<ArpPacket> w) {
        if (w != null || rare != null) {
            rare().arpWatch = w;
        }
        arpWatched = w != null;
        mirrorArpFilter();
    }

    /** Sets the presence mask (the neighbour table, when it adds or re-indexes) and its mirror. */
    void setNeighbourBits(long bits) {
        neighbourBits = bits;
        mirrorArpFilter();
    }

    /** The neighbour table's valid entry held for the mirror changed ({@link Neighbours#known}). */
    void knownNeighbourChanged() {
        mirrorArpFilter();
    }

    /**
     * Mirrors what {@link #ignorableArp} reads into the channel that delivers to this NIC, which
     * then drops such a broadcast without calling {@link #arrive} (see {@link Channel#mirrorArpFilter}):
     * called whenever one of them changes. Off on a raw IP link, with a tap or an ARP watcher.
     */
    private void mirrorArpFilter() {
        if (link == null || out == null || !link.isEthernet()) {
            return;
        }
        Channel in = out == link.channelFromA() ? link.channelFromB() : link.channelFromA();
        if (in.toEnd() != this) {
            return;
        }
        Neighbours n = neighbours;
        in.mirrorArpFilter(n != null && taps.length == 0 && !arpWatched, addressBits, neighbourBits,
                n == null ? 0 : n.known, n == null ? 0 : n.knownMac);
    }

    /** Sends an ARP probe for {@code target}: a broadcast request from 0.0.0.0 (RFC 5227 2.1.1, arping -D). */
    public void arpProbe(int target) {
        neighbours.probeAddress(target);
    }

    /** Announces this interface's address with a gratuitous ARP request (arping -U). */
    public void announce() {
        if (address != null) {
            neighbours.announce();
        }
    }

    /** Opens (or with null, closes) this interface's packet socket (Ethernet only). */
    public void setPacketSocket(PacketSocket s) {
        if (s != null || rare != null) {
            rare().packetSocket = s;
        }
        frameHooks |= s != null;
    }

    /**
     * Sends a complete IPv4 datagram in a frame to {@code dstMac} straight from a packet socket:
     * no route, no ARP, no filters (a DHCP client without an address, a server answering one).
     */
    public void sendRaw(long dstMac, byte[] datagram) {
        out.send(EthernetFrame.build(dstMac, mac(), EthernetFrame.TYPE_IPV4, datagram, 0, datagram.length));
    }

    public Link link() {
        return link;
    }

    /** The interface at the other end of the link. */
    public NetInterface peer() {
        return peer;
    }

    public IpStack ip() {
        return ip;
    }

    public int mtu() {
        Channel o = out; // set with the link; it holds the link's parameters (read for every datagram sent)
        return o == null ? 65535 : o.mtu();
    }

    public boolean isUp() {
        return out != null && out.isUp(); // the link's state, held by its channel (set with the link: no link object to fetch)
    }

    /** Channel this interface transmits on. */
    public Channel out() {
        return out;
    }

    public void addTap(Tap t) {
        Tap[] n = Arrays.copyOf(taps, taps.length + 1);
        n[taps.length] = t;
        taps = n;
        if (out != null) {
            out.setQuietSender(false);
        }
        mirrorArpFilter();
    }

    public void removeTap(Tap t) {
        List<Tap> l = new ArrayList<>(List.of(taps));
        l.remove(t);
        taps = l.toArray(new Tap[0]);
        if (out != null) {
            out.setQuietSender(taps.length == 0);
        }
        mirrorArpFilter();
    }

    public void onCarrierChange(Runnable r) {
        Rare x = rare();
        if (x.carrierListeners == null) {
            x.carrierListeners = new ArrayList<>(1);
        }
        x.carrierListeners.add(r);
    }

    /** Offers a datagram to the link; on Ethernet, to {@code nextHop}'s link-layer address. */
    void transmit(byte[] d, int nextHop) {
        if (neighbours == null) {
            out.send(d);
        } else {
            neighbours.output(d, nextHop);
        }
    }

    /** Offers an Ethernet frame to the link as it is (an Ethernet interface only). */
    public void sendFrame(byte[] f) {
        out.send(f);
    }

    /** Offers a complete IPv6 datagram to a raw IP link as it is (no link-layer header, no neighbour resolution). */
    public void sendIpv6Datagram(byte[] d) {
        if (neighbours != null) {
            throw new IllegalStateException(name() + " is an Ethernet interface: IPv6 goes in frames there");
        }
        out.send(d);
    }

    @Override
    public void arrive(byte[] datagram) {
        for (Tap t : taps) {
            t.packet(datagram, false);
        }
        Rare x = rare;
        if (neighbours == null) {
            if (x != null && x.ipv6 != null && datagram.length > 0 && (datagram[0] & 0xf0) == 0x60) {
                x.ipv6.frame(datagram, 0); // version 6 on a raw link
                return;
            }
            ip.input(datagram, this);
            return;
        }
        byte[] f = datagram;
        if (f.length < EthernetFrame.HEADER) {
            return;
        }
        long dst = EthernetFrame.dst(f);
        if (dst == Mac.BROADCAST && ignorableArp(f)) {
            return;
        }
        FrameHandler ipv6 = frameHooks ? x.ipv6 : null; // frameHooks: x is there
        if (dst != mac && dst != Mac.BROADCAST && !Mac.isIpv4Multicast(dst) && !(ipv6 != null && Ip6.isMulticastMac(dst))) {
            return; // not for this NIC (not promiscuous): a flooded unicast; every IPv4 multicast group counts as joined
        }
        int type = EthernetFrame.type(f);
        if (type == EthernetFrame.TYPE_IPV4) {
            if (frameHooks && x.packetSocket != null && x.packetSocket.frame(f)) {
                return;
            }
            // the datagram is read where it is, inside the frame (the IP layer copies it out when it must)
            ip.input(f, EthernetFrame.HEADER, f.length - EthernetFrame.HEADER, this);
        } else if (type == EthernetFrame.TYPE_IPV6 && ipv6 != null) {
            ipv6.frame(f, dst);
        } else if (type == EthernetFrame.TYPE_ARP) {
            if (!arpWatched && neighbours.ignorable(f, EthernetFrame.HEADER)) {
                return; // someone else's question, about no neighbour of ours: nothing to learn or answer
            }
            ArpPacket a = ArpPacket.parse(f, EthernetFrame.HEADER);
            if (a != null) {
                if (arpWatched) {
                    x.arpWatch.accept(a);
                }
                neighbours.receive(a, dst);
            }
        }
    }

    /**
     * Whether broadcast frame {@code f} is an ARP packet that the full path below would drop
     * untouched ({@link Neighbours#ignorable} with no ARP watcher): a question between two other
     * hosts whose sender has no entry here, as Linux's arp_process ignores one (it would only
     * update an existing entry). Decided from this object's fields alone, without the rare state or
     * the neighbour table, which a host on a LAN would otherwise fetch for each of the many
     * broadcasts of its subnet. False means "not sure": the full path decides.
     */
    private boolean ignorableArp(byte[] f) {
        if (arpWatched || trace.enabled() || f.length < EthernetFrame.HEADER + ArpPacket.LENGTH
                || EthernetFrame.type(f) != EthernetFrame.TYPE_ARP) {
            return false;
        }
        int sender = BigEndian.u32(f, EthernetFrame.HEADER + 14);
        int target = BigEndian.u32(f, EthernetFrame.HEADER + 24);
        int us = addressBits;
        // a clear presence bit means no entry for the sender (the table's own first check in find)
        return target != us && (sender == 0 || sender == us || (neighbourBits & 1L << Neighbours.hash(sender)) == 0);
    }

    @Override
    public void transmitted(byte[] datagram) {
        for (Tap t : taps) {
            t.packet(datagram, true);
        }
    }

    @Override
    public void carrier(boolean up) {
        if (announceOnCarrier) {
            announceIfUp();
        }
        if (rare == null || rare.carrierListeners == null) {
            return;
        }
        for (Runnable r : rare.carrierListeners) {
            r.run();
        }
    }

    @Override
    public String nodeName() {
        return ip.nodeName();
    }

    @Override
    public String ifaceName() {
        return name();
    }

    @Override
    public String toString() {
        if (address == null) {
            return ip.nodeName() + ":" + name() + " (no address)";
        }
        return ip.nodeName() + ":" + name() + " " + address + (peer != null ? " <-> " + peer.nodeName() + ":" + peer.name() : "")
                + " (" + Ip4.str(address.network()) + "/" + address.length() + ")";
    }
}
