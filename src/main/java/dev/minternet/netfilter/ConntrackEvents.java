package dev.minternet.netfilter;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;

/** Trace events of layer {@code conntrack}: flows created, TCP flow states, flows destroyed. */
public final class ConntrackEvents {
    private ConntrackEvents() {
    }

    public static final Catalog CATALOG = new Catalog("conntrack",
            "Connection tracking, as Linux's nf_conntrack: one entry per flow, keyed by both directions' tuples (netfilter.Conntrack).");

    public static final Field<String> FLOW = Field.text("flow", "the flow's original tuple: proto src:port -> dst:port");
    public static final Field<String> FROM = Field.text("from", "the TCP tracking state before (NONE, SYN_SENT, ESTABLISHED, ...)");
    public static final Field<String> TO = Field.text("to", "the TCP tracking state after");
    public static final Field<String> REASON = Field.text("reason", "timeout (expired) or dropped (its first packet was dropped)");

    public static final EventType NEW = CATALOG.event("new", "the first packet of a flow creates its entry", FLOW);
    public static final EventType TCP_STATE = CATALOG.event("tcp-state", "a TCP flow's tracking state changes", FLOW, FROM, TO);
    public static final EventType DESTROY = CATALOG.event("destroy", "an entry is removed", FLOW, REASON);
}
