package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
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
    /** The event each arrow was drawn for, in the same order as {@link #arrows}. */
    private final List<TraceEvent> sources = new ArrayList<>();

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

    /** Draws the arrow {@code e} stands for; its hover detail is the event as the trace has it. */
    void arrow(TraceEvent e, String from, String to, String label) {
        arrow(e, from, to, label, detail(e));
    }

    void arrow(TraceEvent e, String from, String to, String label, String detail) {
        arrows.add(new Diagram.Msg(e.time(), from, to, label, detail));
        sources.add(e);
    }

    /** Removes the arrows drawn for {@code e} (a part draws it end to end; another draws it hop by hop). */
    void erase(TraceEvent e) {
        for (int i = arrows.size() - 1; i >= 0; i--) {
            if (sources.get(i) == e) {
                arrows.remove(i);
                sources.remove(i);
            }
        }
    }

    /**
     * The arrows in the trace's order of the events they were drawn for (parts draw event by event,
     * {@link HopByHop} afterwards); arrows of one event keep the order they were drawn in.
     */
    List<Diagram.Msg> arrows() {
        Map<TraceEvent, Integer> position = new IdentityHashMap<>();
        for (TraceEvent e : sources) {
            position.put(e, -1);
        }
        int found = 0;
        for (int i = 0; i < events.size() && found < position.size(); i++) {
            Integer p = position.get(events.get(i));
            if (p != null && p < 0) {
                position.put(events.get(i), i);
                found++;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < arrows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> arrows.get(i).t()).thenComparingInt(i -> position.get(sources.get(i))));
        List<Diagram.Msg> out = new ArrayList<>();
        for (int i : order) {
            out.add(arrows.get(i));
        }
        return out;
    }

    /** "tcp send on laptop: src=192.168.1.10 sport=49184 ...": every field of the event, for a tooltip. */
    static String detail(TraceEvent e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.type()).append(" on ").append(e.node())
                .append(String.format(Locale.ROOT, " at %.6f s", e.time() / 1e9));
        String sep = ": ";
        for (int i = 0; i < e.type().fieldCount(); i++) {
            if (e.values()[i] != null) {
                sb.append(sep).append(e.type().field(i).name()).append('=').append(e.values()[i]);
                sep = ", ";
            }
        }
        return sb.toString();
    }
}
