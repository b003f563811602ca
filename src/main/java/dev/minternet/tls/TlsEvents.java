package dev.minternet.tls;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code tls}: records, the completed handshake, data, closes and failures ({@link TlsTrace}). */
public final class TlsEvents {
    private TlsEvents() {
    }

    public static final Catalog CATALOG = new Catalog("tls",
            "TLS 1.3 (RFC 8446) over the JDK's SSLEngine, one event per TlsEvent a connection reports (tls.TlsTrace).");

    public static final Field<String> DIR = Field.text("dir", "sent or received");
    /** {@link #DIR} of a flight this end sent. */
    public static final String SENT = "sent";
    /** {@link #DIR} of a flight this end received. */
    public static final String RECEIVED = "received";
    public static final Field<Long> COUNT = Field.integer("count", Unit.COUNT, "records in this flight");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the flight's size on the wire, record headers included");
    /** The JSON's {@code records} field. */
    public static final Field<String> RECORD_LIST = Field.text("records", "each record: content type, handshake messages, size (Handshake ClientHello 365 B, ...)");
    /** {@link #VERSION} of a TLS 1.3 session, as the JDK names the protocol. */
    public static final String TLS_1_3 = "TLSv1.3";

    public static final Field<String> VERSION = Field.text("version", "the protocol (TLSv1.3)");
    public static final Field<String> CIPHER = Field.text("cipher", "the cipher suite (TLS_AES_256_GCM_SHA384)");
    public static final Field<String> GROUP = Field.text("group", "the key exchange group (x25519)");
    public static final Field<String> ALPN = Field.text("alpn", "the protocol ALPN chose (h2, http/1.1), empty when none");
    public static final Field<String> SNI = Field.text("sni", "the server name sent or received, empty when none");
    public static final Field<String> SUBJECT = Field.text("subject", "the leaf certificate's subject (the peer's on a client, its own on a server)");
    public static final Field<String> ISSUER = Field.text("issuer", "the leaf certificate's issuer");
    public static final Field<String> NOT_BEFORE = Field.text("notBefore", "start of the leaf's validity (ISO-8601)");
    public static final Field<String> NOT_AFTER = Field.text("notAfter", "end of the leaf's validity (ISO-8601)");
    public static final Field<String> VERIFY = Field.text("verify", "ok, or why the chain did not verify (curl's message; only with -k)");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "decrypted application bytes received");
    public static final Field<Boolean> CLOSE_NOTIFY = Field.flag("closeNotify", "the peer sent close_notify (false: the transport just ended)");
    public static final Field<String> REASON = Field.text("reason", "the failure's kind (CERT_EXPIRED, NAME_MISMATCH, ...)");
    public static final Field<Long> EXIT = Field.integer("exit", Unit.NONE, "curl's exit code for this failure (35, 60, ...)");
    public static final Field<String> MESSAGE = Field.text("message", "curl's message for it");
    public static final Field<String> DETAIL = Field.text("detail", "what the TLS engine said");

    public static final EventType RECORDS = CATALOG.event("records", "a flight of TLS records was sent or received", DIR, COUNT, BYTES, RECORD_LIST);
    public static final EventType HANDSHAKE = CATALOG.event("handshake", "the handshake completed",
            VERSION, CIPHER, GROUP, ALPN, SNI, SUBJECT, ISSUER, NOT_BEFORE, NOT_AFTER, VERIFY);
    public static final EventType DATA = CATALOG.event("data", "application data was decrypted", LEN);
    public static final EventType PEER_CLOSE = CATALOG.event("peer-close", "the peer closed its side", CLOSE_NOTIFY);
    public static final EventType CLOSED = CATALOG.event("closed", "the connection is closed both ways");
    public static final EventType FAIL = CATALOG.event("fail", "the handshake or connection failed", REASON, EXIT, MESSAGE, DETAIL);
}
