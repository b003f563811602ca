package dev.minternet.services.mesh;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code mesh}: the sidecars' certificates, mutual TLS, authorization, retries and ejections. */
public final class MeshEvents {
    private MeshEvents() {
    }

    public static final Catalog CATALOG = new Catalog("mesh",
            "The service mesh's sidecars (services.mesh.Sidecar): SPIFFE certificates and their rotation, mutual TLS, "
                    + "authorization by identity, retries, per-try timeouts and outlier ejection.");

    public static final Field<String> SERVICE = Field.text("service", "the sidecar's own service (its SPIFFE service account)");
    public static final Field<String> SPIFFE_ID = Field.text("spiffe_id", "a SPIFFE ID, spiffe://<trust-domain>/ns/<ns>/sa/<service>");
    public static final Field<String> SERIAL = Field.text("serial", "the certificate's serial number in hex");
    public static final Field<String> NOT_AFTER = Field.text("not_after", "the certificate's notAfter (simulated date, ISO 8601)");
    public static final Field<String> RENEW_AT = Field.text("renew_at", "when the sidecar renews it (simulated date, ISO 8601)");
    public static final Field<String> PEER = Field.text("peer", "the peer's SPIFFE ID, or its address when it has none");
    public static final Field<String> REASON = Field.text("reason", "why, in words");
    public static final Field<String> METHOD = Field.text("method", "the request's method");
    public static final Field<String> PATH = Field.text("path", "the request's path");
    public static final Field<String> POLICY = Field.text("policy", "the authorization policy that decided, or - when none matched");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the status code, 0 when no response came");
    public static final Field<Double> MS = Field.real("ms", Unit.MILLISECONDS, "from the request's arrival at the sidecar to its answer");
    public static final Field<String> UPSTREAM = Field.text("upstream", "the upstream service");
    public static final Field<String> ENDPOINT = Field.text("endpoint", "the upstream endpoint (node:port)");
    public static final Field<Long> TRY = Field.integer("try", Unit.NONE, "the attempt, 1 for the first");
    public static final Field<String> ERROR = Field.text("error", "why the attempt got no response (connect, TLS, reset, per-try timeout), empty when it did");
    public static final Field<Long> CONSECUTIVE = Field.integer("consecutive_5xx", Unit.NONE, "5xx answers and failures in a row that ejected it");
    public static final Field<Long> EJECTION_NS = Field.integer("ejection_ns", Unit.NANOSECONDS, "how long it stays ejected");

    public static final EventType CERT = CATALOG.event("cert",
            "a sidecar got a new workload certificate from the mesh CA (at start, then at each rotation)", SERVICE, SPIFFE_ID, SERIAL,
            NOT_AFTER, RENEW_AT);
    public static final Field<String> PEER_SERIAL = Field.text("peer_serial", "the serial number (hex) of the certificate the peer presented");
    public static final EventType MTLS = CATALOG.event("mtls", "a mutual TLS connection was accepted from a peer sidecar", SERVICE, PEER,
            PEER_SERIAL);
    public static final Field<Long> PEER_PORT = Field.integer("peer_port", Unit.NONE, "the peer's TCP port");
    public static final EventType REFUSED = CATALOG.event("refused",
            "an inbound connection was refused during mutual TLS (no certificate, another CA, no SPIFFE ID)", SERVICE, PEER, REASON,
            PEER_PORT);
    public static final EventType ALLOW = CATALOG.event("allow", "an inbound request passed the authorization policies", SERVICE, PEER,
            METHOD, PATH, POLICY);
    public static final EventType DENY = CATALOG.event("deny", "an inbound request was refused by the authorization policies: 403",
            SERVICE, PEER, METHOD, PATH, POLICY, REASON);
    public static final EventType INBOUND = CATALOG.event("inbound", "the local service answered a request that came through the sidecar",
            SERVICE, PEER, METHOD, PATH, STATUS, MS);
    public static final Field<String> DOWNSTREAM = Field.text("downstream",
            "the application's connection to the sidecar that carried the request (address:port of the application's end)");
    public static final Field<String> LOCAL = Field.text("local", "the sidecar's end of the upstream connection (address:port), empty when none");
    public static final EventType ATTEMPT = CATALOG.event("attempt", "one try of an outbound request to an upstream endpoint ended",
            SERVICE, UPSTREAM, ENDPOINT, TRY, STATUS, ERROR, DOWNSTREAM, LOCAL);
    public static final Field<String> SNI = Field.text("sni", "the server name the sidecar sent: <service>.<ns>.svc.<trust-domain>");
    public static final Field<String> ISSUER = Field.text("issuer", "the issuer of the server's certificate");
    public static final Field<String> VERSION = Field.text("version", "the TLS version (TLSv1.3)");
    public static final Field<String> CIPHER = Field.text("cipher", "the cipher suite");
    public static final Field<String> GROUP = Field.text("group", "the key exchange group (x25519)");
    public static final Field<String> SIGNATURE = Field.text("signature", "the server certificate's signature algorithm, as the JDK names it");
    public static final Field<String> ALPN = Field.text("alpn", "the protocol ALPN chose (h2, http/1.1)");
    public static final Field<String> MESSAGES = Field.text("messages",
            "the client's handshake messages in order, each OUT or IN and its RFC 8446 name, comma-separated");
    public static final Field<Boolean> REUSED = Field.flag("reused", "a pooled connection made earlier (the times are then 0)");
    public static final Field<Long> CONNECT_NS = Field.integer("connect_ns", Unit.NANOSECONDS, "the TCP handshake to the endpoint");
    public static final Field<Long> HANDSHAKE_NS = Field.integer("handshake_ns", Unit.NANOSECONDS, "the mutual TLS handshake after it");
    public static final EventType UPSTREAM_TLS = CATALOG.event("upstream-tls",
            "an outbound try has its mutual TLS connection to an upstream endpoint: the sidecar's certificate presented, the "
                    + "server's SPIFFE ID verified (a new handshake, or a pooled connection)",
            SERVICE, DOWNSTREAM, UPSTREAM, ENDPOINT, LOCAL, SNI, SPIFFE_ID, SERIAL, PEER, PEER_SERIAL, ISSUER, VERSION, CIPHER, GROUP,
            SIGNATURE, ALPN, MESSAGES, REUSED, CONNECT_NS, HANDSHAKE_NS);
    public static final EventType OUTBOUND = CATALOG.event("outbound", "an outbound request got its final answer", SERVICE, UPSTREAM,
            METHOD, PATH, STATUS, MS);
    public static final EventType EJECT = CATALOG.event("eject", "outlier detection ejected an upstream endpoint", SERVICE, UPSTREAM,
            ENDPOINT, CONSECUTIVE, EJECTION_NS);
    public static final EventType RETURN = CATALOG.event("return", "an ejected endpoint's ejection time passed: it takes requests again",
            SERVICE, UPSTREAM, ENDPOINT);
}
