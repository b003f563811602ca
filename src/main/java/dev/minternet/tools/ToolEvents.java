package dev.minternet.tools;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code tool}: commands typed on a node's terminal (started, exited,
 * killed: emitted by the scenario's timeline runner) and what ping and traceroute measured.
 */
public final class ToolEvents {
    private ToolEvents() {
    }

    public static final Catalog CATALOG = new Catalog("tool",
            "Commands on nodes: the timeline runner's start, exit and kill (scenario.ScenarioRunner); ping and traceroute results (tools).");

    public static final Field<String> COMMAND = Field.text("command", "the command line as typed");
    public static final Field<Long> CODE = Field.integer("code", Unit.NONE, "the exit status");
    public static final Field<String> DST = Field.text("dst", "the address pinged");
    public static final Field<Long> SEQ = Field.integer("seq", Unit.NONE, "the probe's sequence number");
    public static final Field<Long> RTT_NS = Field.integer("rtt_ns", Unit.NANOSECONDS, "round-trip time (traceroute: -1 when no answer)");
    public static final Field<Long> TTL = Field.integer("ttl", Unit.COUNT, "ping: the reply's TTL; traceroute: the probe's TTL");
    public static final Field<Boolean> DUP = Field.flag("dup", "a duplicate reply");
    public static final Field<String> FROM = Field.text("from", "who answered (traceroute: * when nobody did)");
    public static final Field<Long> ICMP_TYPE = Field.integer("icmp_type", Unit.NONE, "the ICMP error's type");
    public static final Field<Long> ICMP_CODE = Field.integer("icmp_code", Unit.NONE, "the ICMP error's code");
    public static final Field<Long> PROBE = Field.integer("probe", Unit.NONE, "the probe's index at this TTL (from 0)");

    public static final EventType START = CATALOG.event("start", "a command starts on a node's terminal", COMMAND);
    public static final EventType EXIT = CATALOG.event("exit", "the command exited", COMMAND, CODE);
    public static final EventType KILLED = CATALOG.event("killed", "the command was killed (the run ended or its node crashed): exit 137", COMMAND);
    public static final EventType PING_REPLY = CATALOG.event("ping-reply", "ping got an echo reply", DST, SEQ, RTT_NS, TTL, DUP);
    public static final EventType PING_ERROR = CATALOG.event("ping-error", "ping got an ICMP error instead", DST, SEQ, FROM, ICMP_TYPE, ICMP_CODE);
    public static final EventType TRACEROUTE_PROBE = CATALOG.event("traceroute-probe", "a traceroute probe was answered or timed out", TTL, PROBE, FROM, RTT_NS);
}
