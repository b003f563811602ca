package dev.minternet.services.db;

/**
 * A database error as a client sees it: severity ("ERROR", "FATAL"), five-character SQLSTATE
 * (PostgreSQL Appendix A error codes) and message.
 */
public record DbError(String severity, String code, String message) {
    /** SQLSTATE 08006 connection_failure: the connection broke before the answer came. */
    public static DbError connectionFailure(String why) {
        return new DbError("FATAL", "08006", why);
    }

    @Override
    public String toString() {
        return severity + ":  " + message + " (SQLSTATE " + code + ")";
    }
}
