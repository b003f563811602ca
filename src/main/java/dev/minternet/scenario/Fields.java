package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Readers of values that more than one section writes the same way: durations, ports, flags,
 * host names and {@code node:port} references. Each reports a bad value at the value, naming
 * what is allowed.
 */
final class Fields {
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private Fields() {
    }

    /** A duration that must not be zero (the scenario's {@code duration}, a resolver's {@code timeout}). */
    static long positiveDuration(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns == 0) {
            throw v.error("duration must be greater than zero (leave it out to run until nothing is left to do)");
        }
        return ns;
    }

    /**
     * The longest one-way propagation delay a link, LAN or cable may have: an hour, the length of a
     * run without a {@code duration} (Mars is 22 light-minutes away at most). A packet sent at any
     * time of a run still arrives at a time the clock can hold.
     */
    static final long MAX_LINK_DELAY_NS = 3_600_000_000_000L;

    /** A link's propagation delay: from 0 to {@link #MAX_LINK_DELAY_NS}. */
    static long linkDelay(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns > MAX_LINK_DELAY_NS) {
            throw v.error("a link's delay must be at most 1h, got " + Yaml.oneLine(v.text().strip()));
        }
        return ns;
    }

    /** A duration greater than zero, with the short message a service's timers use. */
    static long positive(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns <= 0) {
            throw v.error("must be greater than zero");
        }
        return ns;
    }

    static int port(Val v) throws ScenarioException {
        return (int) v.integer(1, 65535);
    }

    static boolean bool(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (t.equals("true") || t.equals("false")) {
            return t.equals("true");
        }
        throw v.error("expected true or false, got '" + Yaml.oneLine(t) + "'");
    }

    /**
     * The optional {@code hsts:} of a TLS server: the Strict-Transport-Security value it adds to
     * every response (nginx's {@code add_header Strict-Transport-Security "..." always;}), null when
     * absent; it must parse as RFC 6797 section 6.1 says and needs {@code tls} (a browser ignores
     * the field over plain HTTP, section 8.1).
     */
    static String hsts(Obj o, boolean tls) throws ScenarioException {
        return o.opt("hsts", null, v -> {
            String t = v.text().strip();
            if (dev.minternet.http.Hsts.parse(t) == null) {
                throw v.error("not a Strict-Transport-Security value: '" + Yaml.oneLine(t)
                        + "' (max-age=SECONDS once, then optionally includeSubDomains, e.g. \"max-age=31536000; includeSubDomains\")");
            }
            if (!tls) {
                throw v.error("hsts needs tls: true (browsers ignore Strict-Transport-Security over plain HTTP, RFC 6797 section 8.1)");
            }
            return t;
        });
    }

    /** The optional {@code names:} list of host names, lower-cased (a service's, a certificate's). */
    static List<String> names(Obj o) throws ScenarioException {
        List<String> out = new ArrayList<>();
        for (Val n : o.list("names")) {
            String s = n.text().strip().toLowerCase(Locale.ROOT);
            if (!HOST_NAME.matcher(s).matches()) {
                throw n.error("bad host name '" + Yaml.oneLine(s) + "' (e.g. www.example.com)");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** {@code node:port}; whether the node exists is checked once every node is read. */
    static HostPort hostPort(Val v) throws ScenarioException {
        String t = v.text().strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || !t.substring(colon + 1).matches("\\d{1,5}")) {
            throw v.error("expected node:port, e.g. web-1:80, got '" + Yaml.oneLine(t) + "'");
        }
        int port = Integer.parseInt(t.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw v.error("port " + port + " out of range 1-65535");
        }
        return new HostPort(t.substring(0, colon), port, v.loc());
    }
}
