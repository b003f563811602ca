package dev.minternet.services.db;

/**
 * Bytes that do not follow the PostgreSQL frontend/backend protocol v3: a bad length, an unknown
 * startup code, a truncated field. The server answers with SQLSTATE 08P01 (protocol_violation)
 * and closes the connection, as PostgreSQL does.
 */
final class PgProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PgProtocolException(String message) {
        super(message);
    }
}
