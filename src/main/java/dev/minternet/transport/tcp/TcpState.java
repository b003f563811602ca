package dev.minternet.transport.tcp;

/**
 * The eleven connection states of RFC 9293 3.3.2, with the names {@code netstat} prints.
 * {@code sendOpen}: the user may still queue data; {@code receiveOpen}: the peer may still send.
 */
public enum TcpState {
    CLOSED("CLOSED", false, false),
    LISTEN("LISTEN", false, false),
    SYN_SENT("SYN-SENT", true, false),
    SYN_RECEIVED("SYN-RECEIVED", true, true),
    ESTABLISHED("ESTABLISHED", true, true),
    FIN_WAIT_1("FIN-WAIT-1", false, true),
    FIN_WAIT_2("FIN-WAIT-2", false, true),
    CLOSE_WAIT("CLOSE-WAIT", true, false),
    CLOSING("CLOSING", false, false),
    LAST_ACK("LAST-ACK", false, false),
    TIME_WAIT("TIME-WAIT", false, false);

    private final String rfcName;
    private final boolean sendOpen;
    private final boolean receiveOpen;

    TcpState(String rfcName, boolean sendOpen, boolean receiveOpen) {
        this.rfcName = rfcName;
        this.sendOpen = sendOpen;
        this.receiveOpen = receiveOpen;
    }

    /** The name as RFC 9293 spells it, e.g. "SYN-SENT". */
    public String rfcName() {
        return rfcName;
    }

    /** The name as Linux {@code netstat} (net-tools) prints it, e.g. "SYN_RECV", "FIN_WAIT1". */
    public String netstatName() {
        return switch (this) {
            case CLOSED -> "CLOSE";
            case SYN_RECEIVED -> "SYN_RECV";
            case FIN_WAIT_1 -> "FIN_WAIT1";
            case FIN_WAIT_2 -> "FIN_WAIT2";
            default -> name();
        };
    }

    /** The name as {@code ss} prints it, e.g. "ESTAB", "SYN-SENT". */
    public String ssName() {
        return switch (this) {
            case ESTABLISHED -> "ESTAB";
            case SYN_RECEIVED -> "SYN-RECV";
            case CLOSED -> "UNCONN";
            default -> rfcName;
        };
    }

    public boolean sendOpen() {
        return sendOpen;
    }

    public boolean receiveOpen() {
        return receiveOpen;
    }

    /** RFC 9293 3.3.2: states after the three-way handshake completed (or half-completed). */
    public boolean isSynchronized() {
        return ordinal() >= SYN_RECEIVED.ordinal();
    }
}
