package dev.minternet.netfilter;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.List;

/**
 * A node's NAT: masquerade everything that leaves through the {@code outside} interface behind
 * that interface's address, and forward some of that address's ports to inside hosts. One-to-one
 * mappings ({@code statics}, a cloud's internet gateway with elastic addresses) translate an
 * inside address to its own public address and back, every port, both directions; with
 * {@code masquerade} false nothing else leaves through the outside interface (an inside host
 * without a public address is not translated, so its packets are dropped there).
 */
public record NatConfig(String outside, List<PortForward> forwards, List<StaticMap> statics, boolean masquerade) {
    public NatConfig {
        forwards = List.copyOf(forwards);
        statics = List.copyOf(statics);
    }

    /** Masquerade plus port forwards, no one-to-one mappings. */
    public NatConfig(String outside, List<PortForward> forwards) {
        this(outside, forwards, List.of(), true);
    }

    /** The one-to-one mapping whose public address is {@code addr}, or null. */
    public StaticMap byPublic(int addr) {
        for (StaticMap m : statics) {
            if (m.publicAddr() == addr) {
                return m;
            }
        }
        return null;
    }

    /** The one-to-one mapping whose inside address is {@code addr}, or null. */
    public StaticMap byInside(int addr) {
        for (StaticMap m : statics) {
            if (m.insideAddr() == addr) {
                return m;
            }
        }
        return null;
    }

    /** An inside address and the public address it appears as (RFC 2663 "static NAT", an elastic IP). */
    public record StaticMap(int insideAddr, int publicAddr) {
        @Override
        public String toString() {
            return Ip4.str(insideAddr) + " <-> " + Ip4.str(publicAddr);
        }
    }

    /** Inbound {@code proto} traffic to the outside address's {@code port} goes to {@code toAddr:toPort}. */
    public record PortForward(int proto, int port, int toAddr, int toPort) {
        @Override
        public String toString() {
            return Ipv4Packet.protocolName(proto) + " dpt:" + port + " to:" + Ip4.str(toAddr) + ":" + toPort;
        }
    }
}
