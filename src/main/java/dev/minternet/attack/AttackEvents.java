package dev.minternet.attack;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code attack}: drills' attacks starting and stopping, and each second's account. */
public final class AttackEvents {
    private AttackEvents() {
    }

    public static final Catalog CATALOG = new Catalog("attack",
            "DDoS drills: attacks from botnets and the legitimate traffic measured through them (attack).");

    public static final Field<String> NAME = Field.text("name", "the attack's name in the scenario");
    public static final Field<String> TYPE = Field.text("type", "syn-flood, dns-reflection or http-flood");
    public static final Field<Long> BOTS = Field.integer("bots", Unit.COUNT, "hosts sending the attack");
    public static final Field<Long> RATE = Field.integer("rate", Unit.COUNT, "packets per second, all bots together");
    public static final Field<Long> SECOND = Field.integer("second", Unit.COUNT, "the second of simulated time the row covers: [second, second + 1)");
    public static final Field<Long> LEGIT_OK = Field.integer("legit_ok", Unit.COUNT, "legitimate connections started in that second that completed their handshake");
    public static final Field<Long> LEGIT_FAILED = Field.integer("legit_failed", Unit.COUNT, "legitimate connections started in that second that did not within the probe's timeout");
    public static final Field<Double> P50_MS = Field.real("p50_ms", Unit.MILLISECONDS, "median handshake time of those that completed (-1: none)");
    public static final Field<Double> P99_MS = Field.real("p99_ms", Unit.MILLISECONDS, "99th percentile (nearest rank) of the same (-1: none)");
    public static final Field<Long> SENT = Field.integer("attack_sent", Unit.COUNT, "attack packets the bots sent (HTTP flood: requests)");
    public static final Field<Long> SENT_BYTES = Field.integer("attack_bytes", Unit.BYTES, "IP bytes of those packets");
    public static final Field<Long> LISTEN_DROPS = Field.integer("syn_dropped", Unit.COUNT, "SYNs the target's listeners dropped (queue full)");
    public static final Field<Long> COOKIES = Field.integer("cookies", Unit.COUNT, "SYN,ACKs the target sent with a SYN cookie");
    public static final Field<Long> REFUSED = Field.integer("dns_refused", Unit.COUNT, "queries the resolvers refused (not an allowed client)");
    public static final Field<Long> RRL = Field.integer("rrl_limited", Unit.COUNT, "responses rate limiting dropped or slipped (truncated)");
    public static final Field<Long> HTTP_429 = Field.integer("http_429", Unit.COUNT, "flood requests started in that second answered 429 Too Many Requests");
    public static final Field<Long> CACHE_HITS = Field.integer("cache_hits", Unit.COUNT, "flood requests answered from a cache (X-Cache: HIT)");
    public static final Field<Long> ORIGIN_OK = Field.integer("origin_ok", Unit.COUNT, "flood requests answered 2xx/3xx by the origin (not from a cache)");
    public static final Field<Long> HTTP_ERRORS = Field.integer("http_errors", Unit.COUNT, "flood requests answered with another 4xx or 5xx status");
    public static final Field<Long> NO_ANSWER = Field.integer("no_answer", Unit.COUNT, "flood requests that got no response before their timeout (connection failed, dropped, timed out)");
    public static final Field<Long> BLACKHOLED = Field.integer("blackholed", Unit.COUNT, "packets routers dropped because their destination was blackholed by BGP (RFC 7999)");
    public static final Field<String> PREFIX = Field.text("prefix", "the prefix announced");
    public static final Field<String> COMMUNITY = Field.text("community", "the community it carries");
    public static final Field<Long> VICTIM_BYTES = Field.integer("victim_rx_bytes", Unit.BYTES, "bytes that arrived at the victim over its links");
    public static final Field<Long> LINK_DROPS = Field.integer("link_drops", Unit.COUNT, "packets dropped by full queues of the links into the victim");

    public static final EventType START = CATALOG.event("start", "an attack begins", NAME, TYPE, BOTS, RATE);
    public static final EventType STOP = CATALOG.event("stop", "an attack ends", NAME, SENT);
    public static final EventType BLACKHOLE = CATALOG.event("blackhole", "the victim's AS announces a remote-triggered blackhole route (RFC 7999)",
            PREFIX, COMMUNITY);
    public static final EventType TICK = CATALOG.event("second", "one second of the drill, as the table's row",
            SECOND, LEGIT_OK, LEGIT_FAILED, P50_MS, P99_MS, SENT, SENT_BYTES, LISTEN_DROPS, COOKIES, REFUSED, RRL, HTTP_429, CACHE_HITS,
            ORIGIN_OK, HTTP_ERRORS, NO_ANSWER, BLACKHOLED, VICTIM_BYTES, LINK_DROPS);
}
