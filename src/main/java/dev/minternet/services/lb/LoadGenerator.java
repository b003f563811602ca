package dev.minternet.services.lb;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.Request;
import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import java.util.List;
import java.util.Locale;

/**
 * A scripted HTTP load (what {@code ab} or {@code hey} does, on a timetable): requests at a constant rate per
 * phase, each on a new HTTP/1.1 connection (as {@code ab} without {@code -k}), evenly spaced, never waiting for
 * the previous one. Every second it appends a line to {@code /var/log/load/latency.csv} on its node: the
 * second, requests finished in it, their 2xx count, and their mean and maximum latency in milliseconds; the
 * same numbers are a {@link LoadEvents#SECOND_DONE} trace event ({@code minternet plot --autoscale} reads them).
 */
public final class LoadGenerator {
    /** From {@code fromNs} on (until the next phase), {@code rps} requests per second. */
    public record Phase(long fromNs, double rps) {
    }

    public static final String CSV = "/var/log/load/latency.csv";

    private final Node node;
    private final int address;
    private final int port;
    private final String host;
    private final String path;
    private final List<Phase> phases;
    private final long untilNs;
    private long done;
    private long ok;
    private double sumMs;
    private double maxMs;

    public LoadGenerator(Node node, String host, int address, int port, String path, List<Phase> phases, long untilNs) {
        this.node = node;
        this.host = host;
        this.address = address;
        this.port = port;
        this.path = path;
        this.phases = List.copyOf(phases);
        this.untilNs = untilNs;
        NodeFiles.of(node).write(CSV, "second,requests,ok,mean_ms,max_ms\n");
        Timer[] tick = new Timer[1];
        tick[0] = new Timer(node.sim(), () -> {
            flush();
            if (node.sim().now() < untilNs + 60 * Durations.S) {
                tick[0].setAfter(Durations.S);
            }
        });
        tick[0].setAfter(Durations.S);
        schedule(0, 0);
    }

    /** Schedules the {@code k}-th request of phase {@code p}. */
    private void schedule(int p, long k) {
        if (p >= phases.size()) {
            return;
        }
        Phase ph = phases.get(p);
        long end = p + 1 < phases.size() ? phases.get(p + 1).fromNs() : untilNs;
        long at = ph.rps() <= 0 ? end : ph.fromNs() + (long) Math.floor(k * Durations.S / ph.rps());
        if (at >= end || at >= untilNs) {
            if (end < untilNs) {
                schedule(p + 1, 0);
            }
            return;
        }
        node.sim().scheduleAt(at, () -> {
            fire();
            schedule(p, k + 1);
        });
    }

    private void fire() {
        long start = node.sim().now();
        Dial d = Dial.http(address, port, HttpClient.Options.curl(host).withUserAgent("minternet-load"));
        Endpoints.connect(node, d.untraced(), new Steps() {
            @Override
            public void ready(HttpClient c) {
                c.send(Request.get(path), ex -> {
                    record(start, ex.ok() && ex.response().status() / 100 == 2);
                    c.close();
                });
            }

            @Override
            public void failed(Steps.Failure f) {
                record(start, false);
            }
        });
    }

    private void record(long start, boolean good) {
        double ms = (node.sim().now() - start) / (double) Durations.MS;
        done++;
        ok += good ? 1 : 0;
        sumMs += ms;
        maxMs = Math.max(maxMs, ms);
    }

    private void flush() {
        long second = node.sim().now() / Durations.S;
        double mean = done == 0 ? 0 : sumMs / done;
        NodeFiles.of(node).append(CSV, String.format(Locale.ROOT, "%d,%d,%d,%.1f,%.1f%n", second, done, ok, mean, maxMs));
        if (node.trace().enabled()) {
            node.trace().emit(node.name(), LoadEvents.SECOND_DONE, second, done, ok, mean, maxMs);
        }
        done = 0;
        ok = 0;
        sumMs = 0;
        maxMs = 0;
    }
}
