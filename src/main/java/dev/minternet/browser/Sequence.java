package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sequence diagram of one visit as the {@link NarrationPart}s draw it, one arrow per message event. */
final class Sequence {
    /** The whole trace. */
    final List<TraceEvent> events;
    final String client;
    /** The node the browser's connection ends on (where TLS terminates). */
    final String server;
    private final Map<String, String> nodeOf;
    private final List<Diagram.Msg> arrows = new ArrayList<>();

    Sequence(List<TraceEvent> events, String client, String server, Map<String, String> nodeOf) {
        this.events = events;
        this.client = client;
        this.server = server;
        this.nodeOf = nodeOf;
    }

    /** The node behind {@code address}, or the address. */
    String name(String address) {
        return nodeOf.getOrDefault(address, address);
    }

    void arrow(TraceEvent e, String from, String to, String label) {
        arrows.add(new Diagram.Msg(e.time(), from, to, label));
    }

    List<Diagram.Msg> arrows() {
        return arrows;
    }
}
