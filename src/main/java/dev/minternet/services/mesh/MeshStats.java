package dev.minternet.services.mesh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sidecar's counters, per route (direction, service and the path's first segment) and per upstream cluster,
 * printed by the admin port's {@code GET /stats} in Envoy's {@code name: value} form, sorted by name.
 * Latency percentiles are nearest-rank over every request of the route (simulated milliseconds).
 */
final class MeshStats {
    /** One route's counters. */
    static final class Route {
        long total;
        long c2xx;
        long c3xx;
        long c4xx;
        long c5xx;
        final List<Double> latencies = new ArrayList<>();

        void record(int status, double ms) {
            total++;
            switch (status / 100) {
                case 2 -> c2xx++;
                case 3 -> c3xx++;
                case 4 -> c4xx++;
                case 5 -> c5xx++;
                default -> { }
            }
            latencies.add(ms);
        }
    }

    private final Map<String, Route> routes = new TreeMap<>();
    private final Map<String, Long> counters = new TreeMap<>();

    /** The route of {@code path}: its first segment ("/api/orders/1" is "/api"), the query left out. */
    static String routeOf(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        int slash = p.indexOf('/', 1);
        return slash < 0 ? p : p.substring(0, slash);
    }

    void record(String direction, String service, String path, int status, double ms) {
        routes.computeIfAbsent(direction + "." + service + "." + routeOf(path), k -> new Route()).record(status, ms);
    }

    void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    void set(String name, long value) {
        counters.put(name, value);
    }

    /** The route's counters, or null (tests). */
    Route route(String direction, String service, String route) {
        return routes.get(direction + "." + service + "." + route);
    }

    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Envoy's text form: one {@code name: value} per line, sorted. */
    String text() {
        Map<String, String> lines = new TreeMap<>();
        counters.forEach((k, v) -> lines.put(k, Long.toString(v)));
        routes.forEach((k, r) -> {
            String n = "route." + k + ".";
            lines.put(n + "rq_total", Long.toString(r.total));
            lines.put(n + "rq_2xx", Long.toString(r.c2xx));
            lines.put(n + "rq_3xx", Long.toString(r.c3xx));
            lines.put(n + "rq_4xx", Long.toString(r.c4xx));
            lines.put(n + "rq_5xx", Long.toString(r.c5xx));
            List<Double> sorted = new ArrayList<>(r.latencies);
            Collections.sort(sorted);
            lines.put(n + "latency_ms.p50", ms(rank(sorted, 50)));
            lines.put(n + "latency_ms.p99", ms(rank(sorted, 99)));
            lines.put(n + "latency_ms.max", ms(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
        });
        StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private static double rank(List<Double> sorted, int pct) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i));
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
