package dev.minternet.netfilter;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.TraceEvent;

/** Trace events of layer {@code firewall}: the verdict on each packet, the resets sent for REJECT. */
public final class FirewallEvents {
    private FirewallEvents() {
    }

    public static final Catalog CATALOG = new Catalog("firewall",
            "A stateful packet filter at INPUT, FORWARD and OUTPUT, like iptables (netfilter.Firewall).");

    public static final Field<String> CHAIN = Field.text("chain", "INPUT, FORWARD or OUTPUT");
    /** The JSON's {@code verdict}: the iptables target that decided. */
    public static final Field<String> TARGET = Field.text("verdict", "ACCEPT, DROP or REJECT");
    public static final Field<String> RULE = Field.text("rule", "the matching rule's number as written (from 1), or policy");
    public static final Field<String> MATCH = Field.text("match", "the matching rule as written, or the policy");
    public static final Field<String> CTSTATE = Field.text("ctstate", "the packet's conntrack state");
    public static final Field<String> PACKET = Field.text("packet", "the packet: proto src:port -> dst:port");
    public static final Field<String> TO = Field.text("to", "where the RST goes, address:port");
    public static final Field<String> FROM = Field.text("from", "the endpoint the RST claims to come from");

    /** {@link #PACKET} of a datagram with ports: {@code tcp 10.0.0.2:40000 -> 93.184.216.34:443}. */
    public static String packet(String proto, String src, int sport, String dst, int dport) {
        return proto + " " + src + ":" + sport + " -> " + dst + ":" + dport;
    }

    /** Whether verdict {@code e} is on a packet to {@code addr}:{@code port} (an IPv6 address with or without brackets). */
    public static boolean isTo(TraceEvent e, String addr, long port) {
        String p = e.get(PACKET);
        String a = addr.indexOf(':') >= 0 && !addr.startsWith("[") ? "[" + addr + "]" : addr; // an IPv6 address in brackets
        return p.endsWith(" -> " + a + ":" + port);
    }

    public static final EventType VERDICT = CATALOG.event("verdict",
            "the filter decided on a packet (not when a rule that only accepts RELATED,ESTABLISHED passed it)", CHAIN, TARGET, RULE, MATCH, CTSTATE, PACKET);
    public static final EventType RESET = CATALOG.event("reset", "a REJECT rule answers a TCP segment with RST", TO, FROM);
}
