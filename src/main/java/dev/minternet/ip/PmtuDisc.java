package dev.minternet.ip;

/**
 * A socket's path MTU discovery mode (Linux's IP_MTU_DISCOVER, ip(7)), which decides the DF bit of
 * what it sends.
 */
public enum PmtuDisc {
    /** IP_PMTUDISC_DONT: never DF; a datagram larger than the path MTU is fragmented here. */
    DONT,
    /**
     * IP_PMTUDISC_WANT, Linux's default (net.ipv4.ip_no_pmtu_disc = 0): DF when the datagram fits the
     * path MTU, else fragmented here without DF.
     */
    WANT,
    /** IP_PMTUDISC_DO: always DF; a datagram larger than the path MTU fails with EMSGSIZE. */
    DO
}
