package dev.minternet.link.ethernet;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code bridge}: a switch learning, flooding and running the spanning tree. */
public final class BridgeEvents {
    private BridgeEvents() {
    }

    public static final Catalog CATALOG = new Catalog("bridge",
            "Ethernet switches: learning bridges with 802.1Q VLANs and 802.1D spanning tree (link.ethernet.Switch); "
                    + "the node field is the switch's name.");

    public static final Field<String> PORT = Field.text("port", "the switch port");
    public static final Field<String> MAC = Field.text("mac", "a MAC address");
    public static final Field<Long> VLAN = Field.integer("vlan", Unit.NONE, "the VLAN ID");
    public static final Field<String> DST = Field.text("dst", "the frame's destination MAC address");
    public static final Field<Long> PORTS = Field.integer("ports", Unit.COUNT, "ports the frame leaves by");
    public static final Field<String> REASON = Field.text("reason",
            "vlan-not-member (the port does not carry the frame's VLAN) or not-forwarding (a blocked port)");
    public static final Field<String> ROLE = Field.text("role", "root, designated, alternate or edge");
    public static final Field<String> STATE = Field.text("state", "blocking, listening, learning or forwarding");
    public static final Field<String> ROOT = Field.text("root", "the root bridge ID (priority.mac)");
    public static final Field<Long> COST = Field.integer("cost", Unit.NONE, "the root path cost");

    public static final EventType LEARN = CATALOG.event("learn",
            "the switch learnt (or moved) a MAC address on a port of a VLAN", PORT, MAC, VLAN);
    public static final EventType FLOOD = CATALOG.event("flood",
            "a broadcast, multicast or unknown-unicast frame was sent out of every other port of its VLAN",
            PORT, DST, VLAN, PORTS);
    public static final EventType DROP = CATALOG.event("drop", "the switch dropped a frame that arrived on a port",
            PORT, DST, REASON);
    public static final EventType AGE = CATALOG.event("age",
            "a MAC table entry unused for the ageing time (300 s) was removed", PORT, MAC, VLAN);
    public static final EventType PORT_STATE = CATALOG.event("port-state",
            "a port's spanning-tree role or state changed", PORT, ROLE, STATE);
    public static final EventType ROOT_CHANGE = CATALOG.event("root",
            "the switch chose a new root bridge (or itself) and root port", ROOT, COST, PORT);
}
