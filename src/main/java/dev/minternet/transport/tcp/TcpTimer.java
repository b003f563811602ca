package dev.minternet.transport.tcp;

/**
 * The timers a connection asks its environment for. Each is a single deadline per connection;
 * setting it again replaces the previous deadline.
 */
enum TcpTimer {
    /** RFC 6298 retransmission timer; also paces SYN and SYN-ACK retries. */
    RETRANSMIT,
    /** RFC 9293 3.8.6.1 persist timer: probes a zero window. */
    PERSIST,
    /** RFC 5681 4.2 / RFC 1122 4.2.3.2 delayed acknowledgement. */
    DELAYED_ACK,
    /**
     * RFC 9293 3.6: TIME-WAIT lasts 2*MSL before the connection is deleted; also Linux's
     * tcp_fin_timeout for a closed connection stuck in FIN-WAIT-2.
     */
    TIME_WAIT
}
