package dev.minternet.services.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Messages a server (backend) sends, in the parsed form that {@link PgCodec} encodes and
 * {@link MessageReader} decodes: what the startup and the simple query protocol need. Layouts:
 * PostgreSQL documentation, "Frontend/Backend Protocol", section "Message Formats".
 */
public sealed interface BackendMessage {

    /** AuthenticationOk ('R', Int32 0): the server trusts the client (no password asked). */
    record AuthenticationOk() implements BackendMessage {
    }

    /** ParameterStatus ('S'): a run-time parameter the client should know (server_version, ...). */
    record ParameterStatus(String name, String value) implements BackendMessage {
    }

    /** BackendKeyData ('K'): process id and secret key a CancelRequest must quote. */
    record BackendKeyData(int processId, int secretKey) implements BackendMessage {
    }

    /**
     * ReadyForQuery ('Z'): the server awaits a new query; {@code status} is 'I' (idle), 'T' (in a
     * transaction block) or 'E' (in a failed transaction block).
     */
    record ReadyForQuery(char status) implements BackendMessage {
    }

    /**
     * One column of a RowDescription. {@code tableOid} and {@code columnAttr} are 0 when the column
     * is not a plain table column (we always send 0: the simulated server has no catalog OIDs);
     * {@code typeSize} is pg_type.typlen (-1 for variable length); {@code format} 0 is text.
     */
    record Field(String name, int tableOid, int columnAttr, int typeOid, int typeSize, int typeModifier, int format) {
        public Field {
            Objects.requireNonNull(name);
        }

        /** A text-format column of {@code type} with no table and no modifier. */
        public static Field of(String name, PgType type) {
            return new Field(name, 0, 0, type.oid(), type.size(), -1, 0);
        }
    }

    /** RowDescription ('T'): the columns of the rows that follow. */
    record RowDescription(List<Field> fields) implements BackendMessage {
        public RowDescription {
            fields = List.copyOf(fields);
        }
    }

    /**
     * DataRow ('D'): one row, each value in text format as a string, {@code null} for SQL NULL
     * (sent as length -1).
     */
    record DataRow(List<String> values) implements BackendMessage {
        public DataRow {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** CommandComplete ('C'): the command tag, e.g. "SELECT 3", "INSERT 0 1", "UPDATE 2". */
    record CommandComplete(String tag) implements BackendMessage {
    }

    /** EmptyQueryResponse ('I'): the query string held no statement. */
    record EmptyQueryResponse() implements BackendMessage {
    }

    /**
     * ErrorResponse ('E'): severity (ERROR, FATAL, PANIC), a five-character SQLSTATE and a message.
     * Sent with fields S, V (non-localized severity, PostgreSQL 9.6+), C and M; other fields a peer
     * sends are skipped on reading.
     */
    record ErrorResponse(String severity, String code, String message) implements BackendMessage {
        public ErrorResponse {
            Objects.requireNonNull(severity);
            Objects.requireNonNull(code);
            Objects.requireNonNull(message);
        }

        public DbError toError() {
            return new DbError(severity, code, message);
        }
    }

    /** NoticeResponse ('N'): like ErrorResponse, informational. */
    record NoticeResponse(String severity, String code, String message) implements BackendMessage {
    }

    /** Any other typed message, kept as type byte and body. */
    record Unsupported(char type, byte[] body) implements BackendMessage {
    }
}
