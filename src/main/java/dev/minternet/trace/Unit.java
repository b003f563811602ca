package dev.minternet.trace;

/** The unit of a numeric trace field, as {@code docs/trace.md} shows it. */
public enum Unit {
    /** An identifier, a code, a port, a flag: no unit. */
    NONE(""),
    /** Simulated nanoseconds (the kernel's clock). */
    NANOSECONDS("ns"),
    /** Milliseconds, for the few fields that mirror what a tool prints (RTO, RTT samples). */
    MILLISECONDS("ms"),
    /** Seconds, for the fields that carry a DNS TTL as the records do (RFC 1035 3.2.1). */
    SECONDS("s"),
    /** Octets on the wire or in a buffer. */
    BYTES("bytes"),
    /** A link or flow rate. */
    BITS_PER_SECOND("bit/s"),
    /** How many of something (packets, records, answers, queries, hops). */
    COUNT("count");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** The symbol the docs print, empty for {@link #NONE}. */
    public String symbol() {
        return symbol;
    }
}
