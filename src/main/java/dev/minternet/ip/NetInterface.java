package dev.minternet.ip;

import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.link.LinkEnd;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    private final String name;
    private final int index;
    private final Cidr address;
    private Link link;
    private Channel out;
    private NetInterface peer;
    private Tap[] taps = new Tap[0];
    private final List<Runnable> carrierListeners = new ArrayList<>();

    NetInterface(IpStack ip, String name, int index, Cidr address) {
        this.ip = ip;
        this.name = name;
        this.index = index;
        this.address = address;
    }

    /** Connects two interfaces with a link ({@code a} is the link's end A). */
    public static void connect(Link link, NetInterface a, NetInterface b) {
        link.attach(a, b);
        a.link = link;
        b.link = link;
        a.out = link.channelFromA();
        b.out = link.channelFromB();
        a.peer = b;
        b.peer = a;
    }

    public String name() {
        return name;
    }

    public int index() {
        return index;
    }

    public int address() {
        return address.address();
    }

    public Cidr cidr() {
        return address;
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
        return link == null ? 65535 : link.mtu();
    }

    public boolean isUp() {
        return link != null && link.isUp();
    }

    /** Channel this interface transmits on. */
    public Channel out() {
        return out;
    }

    public void addTap(Tap t) {
        Tap[] n = Arrays.copyOf(taps, taps.length + 1);
        n[taps.length] = t;
        taps = n;
    }

    public void removeTap(Tap t) {
        List<Tap> l = new ArrayList<>(List.of(taps));
        l.remove(t);
        taps = l.toArray(new Tap[0]);
    }

    public void onCarrierChange(Runnable r) {
        carrierListeners.add(r);
    }

    /** Offers a datagram to the link. */
    void transmit(byte[] d) {
        out.send(d);
    }

    @Override
    public void arrive(byte[] datagram) {
        for (Tap t : taps) {
            t.packet(datagram, false);
        }
        ip.input(datagram, this);
    }

    @Override
    public void transmitted(byte[] datagram) {
        for (Tap t : taps) {
            t.packet(datagram, true);
        }
    }

    @Override
    public void carrier(boolean up) {
        for (Runnable r : carrierListeners) {
            r.run();
        }
    }

    @Override
    public String nodeName() {
        return ip.nodeName();
    }

    @Override
    public String ifaceName() {
        return name;
    }

    @Override
    public String toString() {
        return ip.nodeName() + ":" + name + " " + address + (peer != null ? " <-> " + peer.nodeName() + ":" + peer.name() : "")
                + " (" + Ip4.str(address.network()) + "/" + address.length() + ")";
    }
}
