package dev.minternet.dns;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;
import org.xbill.DNS.Rcode;

/**
 * Trace events of layer {@code dns}: what each client (stub, forwarder, resolver, dig) asks and
 * hears, what each server (authoritative, forwarder, resolver) answers, caches and failures.
 */
public final class DnsEvents {
    private DnsEvents() {
    }

    public static final Catalog CATALOG = new Catalog("dns",
            "DNS (RFC 1034/1035): stub resolvers, forwarders, recursive resolvers, authoritative servers and dig (dns, tools.Dig).");

    // ---- values: the words emitters write and readers match, declared once

    /** {@link #ROLE} of a host's stub resolver. */
    public static final String STUB = "stub";
    /** {@link #ROLE} of a forwarding resolver (a home router's dnsmasq). */
    public static final String FORWARDER = "forwarder";
    /** {@link #ROLE} of a recursive resolver. */
    public static final String RESOLVER = "resolver";
    /** {@link #ROLE} of an authoritative server. */
    public static final String AUTHORITATIVE = "authoritative";
    /** {@link #ROLE} of a cloud VPC's resolver (Route 53 Resolver at the VPC's base + 2). */
    public static final String VPC_RESOLVER = "vpc-resolver";
    /** {@link #ANSWER} of a response that holds the records asked for. */
    public static final String KIND_ANSWER = "answer";
    /** {@link #ANSWER} of a response whose answer is a CNAME chain not yet followed to its end. */
    public static final String KIND_CNAME = "cname";
    /** {@link #ANSWER} of a referral (NS records in the authority section, RFC 1034 4.3.2). */
    public static final String KIND_REFERRAL = "referral";
    /** {@link #ANSWER} of a name that does not exist (RFC 2308). */
    public static final String KIND_NXDOMAIN = "nxdomain";
    /** {@link #ANSWER} of a name without records of the type asked (RFC 2308). */
    /** {@link #RCODE} of a name that does not exist (RFC 1035 4.1.1, RFC 2308 2.1). */
    public static final String RCODE_NXDOMAIN = Rcode.string(Rcode.NXDOMAIN);
    /** {@link #RCODE} of an answer without error (RFC 1035 4.1.1), records or none. */
    public static final String RCODE_NOERROR = Rcode.string(Rcode.NOERROR);
    public static final String KIND_NODATA = "nodata";

    /** {@link #SOURCE} of a name the hosts table knows. */
    public static final String FROM_HOSTS = "hosts";
    /** {@link #SOURCE} of an answer from the stub's cache. */
    public static final String FROM_CACHE = "cache";
    /** {@link #SOURCE} of an answer a name server gave. */
    public static final String FROM_SERVER = "server";

    public static final Field<String> ROLE = Field.text("role", "who: stub, forwarder, resolver, authoritative, dig (or bench)");
    public static final Field<String> SERVER = Field.text("server", "the server's address");
    public static final Field<String> SERVER_NAME = Field.text("server_name", "the server's name when the asker knows it (a.root-servers.net), else empty");
    public static final Field<String> QNAME = Field.text("qname", "the question's name");
    public static final Field<String> QTYPE = Field.text("qtype", "the question's type (A, AAAA, NS, PTR, ...)");
    public static final Field<Long> ID = Field.integer("id", Unit.NONE, "the message ID");
    public static final Field<Boolean> RD = Field.flag("rd", "recursion desired");
    public static final Field<String> TRANSPORT = Field.text("transport", "udp or tcp");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "the message's length");
    public static final Field<String> RCODE = Field.text("rcode", "the response code (NOERROR, NXDOMAIN, SERVFAIL, ...)");
    public static final Field<String> ANSWER = Field.text("answer", "what kind of answer: answer, referral, nxdomain, nodata, cname, ...");
    public static final Field<String> FLAGS = Field.text("flags", "the header flags as dig prints them (qr aa rd ra tc)");
    public static final Field<Long> ANSWERS = Field.integer("answers", Unit.COUNT, "records in the answer section");
    public static final Field<Long> AUTHORITY = Field.integer("authority", Unit.COUNT, "records in the authority section");
    public static final Field<Long> ADDITIONAL = Field.integer("additional", Unit.COUNT, "records in the additional section (OPT excluded)");
    public static final Field<Long> RTT_NS = Field.integer("rtt_ns", Unit.NANOSECONDS, "from the query to this response");
    public static final Field<Long> NEGATIVE_TTL = Field.integer("negative_ttl", Unit.SECONDS,
            "how long a negative answer may be cached: the lower of the authority SOA's TTL and MINIMUM (RFC 2308 5), -1 when no SOA came");
    public static final Field<String> REFERRAL_TO = Field.text("referral_to", "the zone a referral delegates to, else empty");
    public static final Field<String> CLIENT = Field.text("client", "the asker's address");
    public static final Field<String> ZONE = Field.text("zone", "the zone that answered, empty when none");
    public static final Field<Long> ELAPSED_NS = Field.integer("elapsed_ns", Unit.NANOSECONDS, "from the query's arrival to the answer");
    public static final Field<String> CACHE = Field.text("cache", "whose cache: stub, forwarder, resolver");
    public static final Field<String> REASON = Field.text("reason", "why it failed: timeout, icmp-<type>/<code>, no-route (no route to the server, as sendto ENETUNREACH), tcp-unavailable, ...");
    public static final Field<Long> AFTER_NS = Field.integer("after_ns", Unit.NANOSECONDS, "from the query to the failure");
    public static final Field<String> SRC = Field.text("src", "the sender of the bad message");
    public static final Field<String> ACTION = Field.text("action", "dropped or formerr (answered with FORMERR)");
    public static final Field<Long> WAITING = Field.integer("waiting", Unit.COUNT, "lookups already waiting for the same question");
    public static final Field<Long> QUERIES = Field.integer("queries", Unit.COUNT, "queries the lookup had sent");
    public static final Field<String> SOURCE = Field.text("source", "where the answer came from: hosts, cache, server, timeout, ...");
    public static final Field<String> ADDRESSES = Field.text("addresses", "the addresses found, comma-separated");

    public static final Field<String> LOCATION = Field.text("location", "what located the client: ecs <subnet> (EDNS Client Subnet) or resolver <address>");
    /** How {@link #LOCATION} starts when EDNS Client Subnet located the client ("ecs 10.2.1.0/24"). */
    public static final String LOCATION_ECS = "ecs ";
    /** How {@link #LOCATION} starts when the asking resolver's address did ("resolver 81.2.53.53"). */
    public static final String LOCATION_RESOLVER = "resolver ";
    public static final Field<String> EDGE = Field.text("edge", "the edge chosen: its node name");
    public static final Field<Long> DELAY_NS = Field.integer("delay_ns", Unit.NANOSECONDS, "the one-way path delay from the chosen edge to the client's location");

    public static final EventType STEER = CATALOG.event("steer", "a steering (GSLB) server answers a CDN name with the edge nearest the client",
            QNAME, CLIENT, LOCATION, EDGE, DELAY_NS);
    public static final EventType QUERY = CATALOG.event("query", "a client sends a query", ROLE, SERVER, SERVER_NAME, QNAME, QTYPE, ID, RD, TRANSPORT, LEN);
    public static final EventType RESPONSE = CATALOG.event("response", "a client receives the response to its query",
            ROLE, SERVER, SERVER_NAME, QNAME, QTYPE, ID, RCODE, ANSWER, FLAGS, ANSWERS, AUTHORITY, ADDITIONAL, RTT_NS, LEN, REFERRAL_TO, TRANSPORT, NEGATIVE_TTL);
    public static final EventType TIMEOUT = CATALOG.event("timeout", "a query got no answer in time", ROLE, SERVER, SERVER_NAME, QNAME, QTYPE, ID, REASON, AFTER_NS);
    public static final EventType FAILURE = CATALOG.event("failure", "a query failed otherwise (ICMP error, TCP fallback failed)",
            ROLE, SERVER, SERVER_NAME, QNAME, QTYPE, ID, REASON, AFTER_NS);
    public static final EventType SERVE = CATALOG.event("serve", "a forwarder or resolver answers a client",
            ROLE, CLIENT, QNAME, QTYPE, ID, RCODE, ANSWER, ELAPSED_NS);
    public static final EventType SERVE_AUTHORITATIVE = CATALOG.event("serve", "an authoritative server answers from its zones",
            ROLE, CLIENT, QNAME, QTYPE, ID, RCODE, ANSWER, ZONE);
    public static final EventType CACHE_HIT = CATALOG.event("cache-hit", "a question is answered from a cache", CACHE, QNAME, QTYPE);
    public static final EventType COALESCE = CATALOG.event("coalesce", "a resolver joins a lookup already in flight for the same question", ROLE, QNAME, QTYPE, WAITING);
    public static final EventType GIVE_UP = CATALOG.event("give-up", "a resolver stops a lookup at one of its limits", ROLE, REASON, QNAME, QUERIES);
    public static final EventType LOOKUP = CATALOG.event("lookup", "a stub resolver hands its answer to the application", QNAME, QTYPE, RCODE, SOURCE, ADDRESSES);
    public static final EventType MALFORMED = CATALOG.event("malformed", "a message that cannot be used arrives", ROLE, SRC, REASON, ACTION, LEN);
}
