package dev.minternet.trace;

/**
 * One structured event: at simulated time {@code time} (ns), on {@code node}, the {@code layer}
 * (link, ip, icmp, udp, tool, ...) reports {@code kind} (send, receive, forward, drop, ...) with
 * ordered {@code fields} given as alternating names and values.
 */
public record TraceEvent(long time, String node, String layer, String kind, Object[] fields) {

    /** The value of field {@code name}, or null. */
    public Object get(String name) {
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i].equals(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    public String str(String name) {
        Object v = get(name);
        return v == null ? null : v.toString();
    }

    public long num(String name) {
        Object v = get(name);
        return v == null ? -1 : ((Number) v).longValue();
    }
}
