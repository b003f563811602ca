package dev.minternet.link.wifi;

import dev.minternet.link.Link;
import dev.minternet.link.LinkEnd;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Wi-Fi access point in infrastructure mode: it bridges its stations (on its radio channel, a
 * {@link WifiMedium}) and, optionally, one wired Ethernet port (the uplink, e.g. a cable to the
 * home router). Every frame between two stations goes through the access point, so it crosses the
 * air twice. A frame to a station's address goes to that station; a frame to a group address
 * (broadcast, multicast) goes to the uplink and once over the air to every station (the sender
 * ignores its own); a frame to any other address goes to the uplink. Stations are associated from
 * the start: association, authentication and beacons are not modelled.
 */
public final class AccessPoint {
    private final String name;
    private final WifiMedium medium;
    private final long apRateBps;
    private final List<Port> ports = new ArrayList<>();
    private final Map<Long, Port> stations = new HashMap<>();
    private Port uplink;

    public AccessPoint(String name, long apRateBps, int queueLimit, Simulator sim, Trace trace) {
        this.name = name;
        this.apRateBps = apRateBps;
        this.medium = new WifiMedium(name, queueLimit, sim, trace);
    }

    public String name() {
        return name;
    }

    public WifiMedium medium() {
        return medium;
    }

    public long apRateBps() {
        return apRateBps;
    }

    /** How many stations are associated. */
    public int stationCount() {
        return stations.size();
    }

    public List<Port> ports() {
        return Collections.unmodifiableList(ports);
    }

    /**
     * Associates {@code station}, with MAC {@code mac}, as the A end of {@code link} (this access
     * point is end B), sending at {@code rateBps}; returns the access point's end.
     */
    public Port addStation(Link link, LinkEnd station, long mac, long rateBps) {
        Port p = new Port("sta" + (stations.size() + 1), link, mac, rateBps);
        link.attach(station, p);
        ports.add(p);
        stations.put(mac, p);
        medium.addStation(link.channelFromA(), link.channelFromB(), rateBps, apRateBps);
        return p;
    }

    /** The wired port: end B of the Ethernet {@code link}, whose end A is {@code wired}. */
    public Port addUplink(Link link, LinkEnd wired) {
        uplink = new Port("uplink", link, 0, 0);
        link.attach(wired, uplink);
        ports.add(uplink);
        return uplink;
    }

    void receive(Port in, byte[] f) {
        if (f.length < EthernetFrame.HEADER) {
            return;
        }
        long dst = EthernetFrame.dst(f);
        if (Mac.isMulticast(dst)) {
            if (uplink != null && in != uplink && uplink.link.isUp()) {
                uplink.link.channelFromB().send(f);
            }
            if (!stations.isEmpty()) {
                medium.offerGroup(f, in == uplink ? null : in.link.channelFromA());
            }
            return;
        }
        Port to = stations.get(dst);
        if (to == null) {
            to = uplink;
        }
        if (to != null && to != in) {
            to.link.channelFromB().send(f);
        }
    }

    /** The access point's end of a station's link or of the uplink cable. */
    public final class Port implements LinkEnd {
        private final String portName;
        private final Link link;
        private final long mac;
        private final long rateBps;

        Port(String portName, Link link, long mac, long rateBps) {
            this.portName = portName;
            this.link = link;
            this.mac = mac;
            this.rateBps = rateBps;
        }

        public String name() {
            return portName;
        }

        public Link link() {
            return link;
        }

        /** The station's MAC address (0 for the uplink). */
        public long mac() {
            return mac;
        }

        /** The station's data rate (0 for the uplink). */
        public long rateBps() {
            return rateBps;
        }

        @Override
        public void arrive(byte[] frame) {
            receive(this, frame);
        }

        @Override
        public void transmitted(byte[] frame) {
        }

        @Override
        public void carrier(boolean up) {
        }

        @Override
        public String nodeName() {
            return name;
        }

        @Override
        public String ifaceName() {
            return portName;
        }
    }
}
