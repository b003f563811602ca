package dev.minternet.services.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages a client (frontend) sends, in the parsed form that {@link PgCodec} encodes and
 * {@link MessageReader} decodes. Only the subset that the simple query protocol needs is modelled;
 * any other typed message arrives as {@link Unsupported} so the server can refuse it politely.
 * Layouts: PostgreSQL documentation, "Frontend/Backend Protocol", section "Message Formats".
 */
sealed interface FrontendMessage {

    /**
     * StartupMessage: {@code Int32 length, Int32 196608 (3.0), (String name, String value)*, Byte1 0}.
     * Parameters keep their order (user, database, application_name, ...).
     */
    record Startup(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {
        public Startup {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /** A protocol 3.0 startup with the given parameters. */
        public static Startup v3(Map<String, String> parameters) {
            return new Startup(PgProtocol.PROTOCOL_3_0, parameters);
        }
    }

    /** SSLRequest: {@code Int32 8, Int32 80877103}. The server answers one byte, 'S' or 'N'. */
    record SslRequest() implements FrontendMessage {
    }

    /** GSSENCRequest: {@code Int32 8, Int32 80877104}; answered 'N' like SSLRequest. */
    record GssEncRequest() implements FrontendMessage {
    }

    /** CancelRequest: {@code Int32 16, Int32 80877102, Int32 pid, Int32 secret key}. */
    record CancelRequest(int processId, int secretKey) implements FrontendMessage {
    }

    /** Query ('Q'): one string holding one or more SQL statements separated by ';'. */
    record Query(String sql) implements FrontendMessage {
    }

    /** Terminate ('X'): the client is about to close the connection. */
    record Terminate() implements FrontendMessage {
    }

    /** Any other typed message (extended protocol, COPY data, password...): type byte and body. */
    record Unsupported(char type, byte[] body) implements FrontendMessage {
    }
}
