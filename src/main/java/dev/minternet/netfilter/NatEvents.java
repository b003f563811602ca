package dev.minternet.netfilter;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;

/** Trace events of layer {@code nat}: mappings, translations and what NAT refuses. */
public final class NatEvents {
    private NatEvents() {
    }

    public static final Catalog CATALOG = new Catalog("nat",
            "NAPT with endpoint-independent mapping (RFC 4787, RFC 5382), port forwards and hairpinning (netfilter.Nat, netfilter.Netfilter).");

    public static final Field<String> PROTO = Field.text("proto", "tcp, udp or icmp");
    public static final Field<String> INSIDE = Field.text("inside", "the inside endpoint, address:port");
    public static final Field<String> OUTSIDE = Field.text("outside", "the outside endpoint it maps to, address:port");
    public static final Field<String> HOOK = Field.text("hook", "the netfilter hook: prerouting, output or postrouting");
    public static final Field<String> TYPE = Field.text("type", "snat (source rewritten) or dnat (destination rewritten)");
    public static final Field<String> BEFORE = Field.text("before", "the packet before the rewrite");
    public static final Field<String> AFTER = Field.text("after", "the packet after the rewrite");
    public static final Field<String> FLOW = Field.text("flow", "the flow's original tuple");
    public static final Field<String> TO = Field.text("to", "where the flow is sent, address:port");
    public static final Field<String> AS = Field.text("as", "the outside endpoint the inside host appears as");
    public static final Field<String> REASON = Field.text("reason", "why the packet was dropped");
    public static final Field<String> SRC = Field.text("src", "the packet's source address");
    public static final Field<String> DST = Field.text("dst", "the packet's destination address");
    public static final Field<String> PACKET = Field.text("packet", "the packet, as a tuple or a short description");
    public static final Field<String> CTSTATE = Field.text("ctstate", "its conntrack state (NEW, ESTABLISHED, RELATED, INVALID)");

    public static final EventType MAPPING = CATALOG.event("mapping", "a new mapping from an inside endpoint to an outside one", PROTO, INSIDE, OUTSIDE);
    public static final EventType MAPPING_REUSE = CATALOG.event("mapping-reuse",
            "a new flow from the same inside endpoint takes its existing mapping (endpoint-independent)", PROTO, INSIDE, OUTSIDE);
    public static final EventType MAPPING_EXPIRED = CATALOG.event("mapping-expired", "the last flow of a mapping ended", PROTO, INSIDE, OUTSIDE);
    public static final EventType TRANSLATE = CATALOG.event("translate", "a packet's addresses or ports are rewritten", HOOK, TYPE, BEFORE, AFTER);
    public static final EventType TRANSLATE_ICMP_ERROR = CATALOG.event("translate-icmp-error",
            "an ICMP error and the header it quotes are translated back (RFC 5508)", HOOK, BEFORE, AFTER);
    public static final EventType PORT_FORWARD = CATALOG.event("port-forward", "a new flow to a forwarded port goes to the inside server", FLOW, TO);
    public static final EventType HAIRPIN = CATALOG.event("hairpin",
            "an inside host reaches another through the outside address (RFC 4787 REQ-9)", FLOW, TO, AS);
    public static final EventType DROP = CATALOG.event("drop", "a flow cannot be translated (reason clash or no-free-port)", REASON, FLOW);
    public static final EventType DROP_UNSOLICITED = CATALOG.event("drop",
            "a packet from outside matches no mapping and no port forward (reason unsolicited)", REASON, SRC, DST, PROTO);
    public static final EventType DROP_UNTRANSLATED = CATALOG.event("drop",
            "a packet would leave with an inside address (reason untranslated)", REASON, PACKET, CTSTATE);
}
