package dev.minternet.browser;

import dev.minternet.endpoint.Steps;
import dev.minternet.transport.tcp.TcpError;

/**
 * How the browser tells a connection that could not be made: its own line for the narration
 * ({@code could not connect: connection refused}, {@code TLS: NET::ERR_CERT_COMMON_NAME_INVALID
 * (SSL: ...)}), shared by the page's connections and its WebSockets, and the net error Chromium
 * reports for it (net/base/net_error_list.h; devtools' HAR writes it as the response's {@code _error}).
 * A TCP errno maps as Chromium's MapConnectError does on Linux: ECONNREFUSED
 * {@code net::ERR_CONNECTION_REFUSED}, ETIMEDOUT {@code net::ERR_CONNECTION_TIMED_OUT},
 * EHOSTUNREACH and ENETUNREACH {@code net::ERR_ADDRESS_UNREACHABLE}.
 */
final class NetErrors {
    /** A name without an address (NXDOMAIN, or no record of the family asked). */
    static final String NAME_NOT_RESOLVED = "net::ERR_NAME_NOT_RESOLVED";

    private NetErrors() {
    }

    /** The browser's line for {@code f}. */
    static String why(Steps.Failure f) {
        return f.stage() != Steps.Stage.TLS ? "could not connect: " + f.error()
                : "TLS: " + (f.tls() != null ? f.tls().chromiumError() + " (" + f.error() + ")" : f.error());
    }

    /** Chromium's net error for {@code f}, e.g. {@code net::ERR_CONNECTION_REFUSED}. */
    static String of(Steps.Failure f) {
        return switch (f.stage()) {
            case TLS -> f.tls() == null ? "net::ERR_SSL_PROTOCOL_ERROR"
                    : "net::" + f.tls().chromiumError().substring(f.tls().chromiumError().indexOf("ERR_"));
            case TIMEOUT -> "net::ERR_CONNECTION_TIMED_OUT";
            case TCP -> tcp(f.error());
        };
    }

    private static String tcp(String errno) {
        for (TcpError e : TcpError.values()) {
            if (e.message().equalsIgnoreCase(errno)) { // the local route lookup says "Network is unreachable"
                return switch (e) {
                    case REFUSED -> "net::ERR_CONNECTION_REFUSED";
                    case TIMED_OUT -> "net::ERR_CONNECTION_TIMED_OUT";
                    case UNREACHABLE, NET_UNREACHABLE -> "net::ERR_ADDRESS_UNREACHABLE";
                    case RESET -> "net::ERR_CONNECTION_RESET";
                    case ABORTED -> "net::ERR_CONNECTION_ABORTED";
                };
            }
        }
        return "net::ERR_CONNECTION_FAILED";
    }
}
