package dev.minternet.transport.tcp;

/** Why a connection ended abnormally, with the errno a BSD socket would report. */
public enum TcpError {
    /** RST received on a synchronized connection (RFC 9293 3.10.7.4, "connection reset"). */
    RESET("ECONNRESET", "connection reset by peer"),
    /** RST in answer to our SYN (RFC 9293 3.10.7.3, "connection refused"). */
    REFUSED("ECONNREFUSED", "connection refused"),
    /** Retransmissions or SYN retries exhausted (RFC 1122 4.2.3.5, R2). */
    TIMED_OUT("ETIMEDOUT", "connection timed out"),
    /** The local user aborted the connection (RFC 9293 3.10.5, ABORT). */
    ABORTED("ECONNABORTED", "connection aborted"),
    /** An ICMP host unreachable ended a connection attempt. */
    UNREACHABLE("EHOSTUNREACH", "no route to host"),
    /** An ICMP network unreachable ended a connection attempt. */
    NET_UNREACHABLE("ENETUNREACH", "network is unreachable");

    private final String errno;
    private final String message;

    TcpError(String errno, String message) {
        this.errno = errno;
        this.message = message;
    }

    public String errno() {
        return errno;
    }

    public String message() {
        return message;
    }
}
