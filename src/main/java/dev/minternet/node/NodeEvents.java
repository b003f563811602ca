package dev.minternet.node;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;

/** Trace events of layer {@code node}: a node crashing and coming back. */
public final class NodeEvents {
    private NodeEvents() {
    }

    public static final Catalog CATALOG = new Catalog("node", "Whole nodes (node.Node): the timeline's crash and restore.");

    public static final EventType CRASH = CATALOG.event("crash",
            "the node stops: it drops every datagram at PREROUTING and OUTPUT, its services stop answering");
    public static final EventType RESTORE = CATALOG.event("restore", "the node comes back with its connections forgotten");
}
