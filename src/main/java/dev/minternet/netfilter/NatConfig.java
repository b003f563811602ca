package dev.minternet.netfilter;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.List;

/**
 * A node's NAT: masquerade everything that leaves through the {@code outside} interface behind
 * that interface's address, and forward some of that address's ports to inside hosts.
 */
public record NatConfig(String outside, List<PortForward> forwards) {
    public NatConfig {
        forwards = List.copyOf(forwards);
    }

    /** Inbound {@code proto} traffic to the outside address's {@code port} goes to {@code toAddr:toPort}. */
    public record PortForward(int proto, int port, int toAddr, int toPort) {
        @Override
        public String toString() {
            return Ipv4Packet.protocolName(proto) + " dpt:" + port + " to:" + Ip4.str(toAddr) + ":" + toPort;
        }
    }
}
