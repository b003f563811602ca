package dev.minternet.cli;

import dev.minternet.ip.IpCounters;
import dev.minternet.link.Link;
import dev.minternet.link.LinkCounters;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code minternet run --json}: what a run did, as one JSON object for scripts. Every field comes
 * from the simulation (no wall clock), so the same scenario and seed give the same bytes:
 * <pre>
 * {"scenario":"hello-internet","seed":1,"exit":0,"interrupted":false,"simulated_ns":12000000000,
 *  "events":5234,"nodes":4,"links":3,
 *  "commands":[{"at_ns":1000000000,"node":"laptop","command":"ping -c 3 server","exit":0,"killed":false}],
 *  "lines":[{"t":1000000000,"node":"laptop","mark":"$","text":"ping -c 3 server"}, ...],
 *  "links_detail":[{"name":"access","sent":12,"dropped_queue":0,"dropped_loss":0,"dropped_down":0}],
 *  "ip_drops":[{"node":"r1","ttl_exceeded":1,"no_route":0,"filtered":0,"discards":0,"header_errors":0}]}
 * </pre>
 * {@code exit} is the status the command returns; a command's {@code exit} is null while it runs
 * and 137 when its node crashed under it ({@code killed}).
 */
final class RunSummary {
    /** One line a terminal printed, kept for the summary. */
    record Line(long t, String node, String kind, String text) {
    }

    private final List<Line> lines = new ArrayList<>();

    ScenarioRunner.Transcript collector() {
        return (t, node, sep, text) -> lines.add(new Line(t, node, sep, text));
    }

    String json(Scenario s, World w, ScenarioRunner runner, int exit, boolean interrupted) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"scenario\":");
        str(sb, s.name());
        sb.append(",\"seed\":").append(s.seed()).append(",\"exit\":").append(exit).append(",\"interrupted\":").append(interrupted)
                .append(",\"simulated_ns\":").append(w.sim().now()).append(",\"events\":").append(w.sim().eventsExecuted())
                .append(",\"nodes\":").append(w.nodes().size()).append(",\"links\":").append(w.links().size());
        sb.append(",\"commands\":[");
        String sep = "";
        for (ScenarioRunner.Job j : runner.jobs()) {
            sb.append(sep).append("{\"at_ns\":").append(j.startNs()).append(",\"node\":");
            str(sb, j.node());
            sb.append(",\"command\":");
            str(sb, j.command());
            sb.append(",\"exit\":").append(j.done() ? String.valueOf(j.exitCode()) : "null").append(",\"killed\":").append(j.killed())
                    .append('}');
            sep = ",";
        }
        sb.append("],\"lines\":[");
        sep = "";
        for (Line l : lines) {
            sb.append(sep).append("{\"t\":").append(l.t()).append(",\"node\":");
            str(sb, l.node());
            sb.append(",\"mark\":");
            str(sb, l.kind());
            sb.append(",\"text\":");
            str(sb, l.text());
            sb.append('}');
            sep = ",";
        }
        sb.append("],\"links_detail\":[");
        sep = "";
        for (Link l : w.links()) {
            LinkCounters a = l.channelFromA().counters();
            LinkCounters b = l.channelFromB().counters();
            sb.append(sep).append("{\"name\":");
            str(sb, l.name());
            sb.append(",\"sent\":").append(a.sentPackets() + b.sentPackets())
                    .append(",\"dropped_queue\":").append(a.droppedQueue() + b.droppedQueue())
                    .append(",\"dropped_loss\":").append(a.droppedLoss() + b.droppedLoss())
                    .append(",\"dropped_down\":").append(a.droppedDown() + b.droppedDown()).append('}');
            sep = ",";
        }
        sb.append("],\"ip_drops\":[");
        sep = "";
        for (Node n : w.nodes()) {
            IpCounters c = n.ip().counters();
            sb.append(sep).append("{\"node\":");
            str(sb, n.name());
            sb.append(",\"ttl_exceeded\":").append(c.ttlExceeded()).append(",\"no_route\":").append(c.outNoRoutes())
                    .append(",\"filtered\":").append(c.filtered()).append(",\"discards\":").append(c.inDiscards())
                    .append(",\"header_errors\":").append(c.inHdrErrors()).append('}');
            sep = ",";
        }
        return sb.append("]}").toString();
    }

    /** A JSON string (RFC 8259 section 7): quotes, backslashes and control characters escaped. */
    static void str(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
