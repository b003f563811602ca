package dev.minternet.netfilter;

import static dev.minternet.sim.Durations.S;

/**
 * How long conntrack keeps an idle flow, per protocol and TCP state (in simulated ns). Two
 * profiles: {@link #LINUX}, the defaults of Linux's nf_conntrack sysctls, used by a plain
 * firewall; and {@link #NAT}, the minimums the NAT behavioural RFCs require of a mapping, used on
 * a node that translates (the mapping lives exactly as long as its flows).
 */
record Timeouts(long udpUnreplied, long udpStream, long icmp, long tcpSynSent, long tcpSynRecv,
                       long tcpEstablished, long tcpFinWait, long tcpCloseWait, long tcpLastAck, long tcpTimeWait,
                       long tcpClose, long generic) {

    /**
     * Linux defaults: nf_conntrack_udp_timeout 30 s, udp_timeout_stream 120 s, icmp_timeout 30 s,
     * tcp_timeout_syn_sent 120 s, syn_recv 60 s, established 432000 s (5 days), fin_wait 120 s,
     * close_wait 60 s, last_ack 30 s, time_wait 120 s, close 10 s, generic_timeout 600 s.
     */
    static final Timeouts LINUX = new Timeouts(30 * S, 120 * S, 30 * S, 120 * S, 60 * S,
            432_000 * S, 120 * S, 60 * S, 30 * S, 120 * S, 10 * S, 600 * S);

    /** RFC 4787 REQ-5: a UDP mapping must not expire in under 2 minutes; 5 minutes is recommended. */
    static final long NAT_UDP = 300 * S;
    /** RFC 5382 REQ-5: an established TCP mapping must live at least 2 hours 4 minutes. */
    static final long NAT_TCP_ESTABLISHED = 7440 * S;
    /** RFC 5382 REQ-5: a partially open or closing TCP connection, 4 minutes. */
    static final long NAT_TCP_TRANSITORY = 240 * S;
    /** RFC 5508 REQ-1: an ICMP query mapping must not expire in under 60 seconds. */
    static final long NAT_ICMP = 60 * S;

    /** The RFC minimums for a translating node; TCP close and generic flows keep Linux's values. */
    static final Timeouts NAT = new Timeouts(NAT_UDP, NAT_UDP, NAT_ICMP, NAT_TCP_TRANSITORY,
            NAT_TCP_TRANSITORY, NAT_TCP_ESTABLISHED, NAT_TCP_TRANSITORY, NAT_TCP_TRANSITORY, NAT_TCP_TRANSITORY,
            NAT_TCP_TRANSITORY, 10 * S, 600 * S);
}
