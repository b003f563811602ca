package dev.minternet.services.db;

/**
 * Constants of the PostgreSQL frontend/backend protocol version 3.0 (PostgreSQL documentation,
 * chapter "Frontend/Backend Protocol"). Every message after startup is
 * {@code Byte1 type, Int32 length (counting itself, not the type), body}; startup-phase
 * messages (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest) have no type byte.
 */
final class PgProtocol {
    private PgProtocol() {
    }

    /** The well-known PostgreSQL port. */
    public static final int PORT = 5432;

    /** Protocol version 3.0 as the StartupMessage carries it: major 3 in the high 16 bits. */
    public static final int PROTOCOL_3_0 = 3 << 16;
    /** SSLRequest code: 1234 in the high 16 bits, 5679 in the low. */
    public static final int SSL_REQUEST_CODE = 80877103;
    /** GSSENCRequest code: 1234 / 5680. */
    public static final int GSSENC_REQUEST_CODE = 80877104;
    /** CancelRequest code: 1234 / 5678. */
    public static final int CANCEL_REQUEST_CODE = 80877102;

    /**
     * Largest startup-phase packet accepted, PostgreSQL's MAX_STARTUP_PACKET_LENGTH (10000): a
     * startup packet is untrusted input from an unauthenticated peer.
     */
    public static final int MAX_STARTUP_LENGTH = 10_000;
    /**
     * Largest typed message accepted (length field included): 64 MiB. PostgreSQL allows up to
     * 1 GiB for a query; nothing in a simulation needs that, and the cap bounds the buffer a bad
     * length can make us allocate.
     */
    public static final int MAX_MESSAGE_LENGTH = 64 << 20;

    // Frontend message types (simple query protocol subset).
    public static final byte QUERY = 'Q';
    public static final byte TERMINATE = 'X';

    // Backend message types.
    public static final byte AUTHENTICATION = 'R';
    public static final byte PARAMETER_STATUS = 'S';
    public static final byte BACKEND_KEY_DATA = 'K';
    public static final byte READY_FOR_QUERY = 'Z';
    public static final byte ROW_DESCRIPTION = 'T';
    public static final byte DATA_ROW = 'D';
    public static final byte COMMAND_COMPLETE = 'C';
    public static final byte EMPTY_QUERY_RESPONSE = 'I';
    public static final byte ERROR_RESPONSE = 'E';
    public static final byte NOTICE_RESPONSE = 'N';

    /** The one-byte answer to SSLRequest/GSSENCRequest: "no encryption here, carry on in plain". */
    public static final byte ENCRYPTION_REFUSED = 'N';

    /** ReadyForQuery transaction status: idle, not in a transaction block. */
    public static final char TX_IDLE = 'I';
    /** ReadyForQuery transaction status: in a transaction block. */
    public static final char TX_IN_BLOCK = 'T';
    /** ReadyForQuery transaction status: in a failed transaction block (queries refused until ROLLBACK). */
    public static final char TX_FAILED = 'E';

    // SQLSTATE codes used by the server itself (PostgreSQL Appendix A).
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String IN_FAILED_TRANSACTION = "25P02";
    public static final String INTERNAL_ERROR = "XX000";
    /** insufficient_privilege: what a non-superuser gets for a statement reserved to superusers. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
}
