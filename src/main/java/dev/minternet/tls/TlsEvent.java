package dev.minternet.tls;

import java.util.List;

/** What a {@link TlsConnection} reports, in order, as bytes and calls go in. */
sealed interface TlsEvent {
    /** The handshake finished; application data may flow. */
    record HandshakeComplete(TlsSessionInfo session) implements TlsEvent {
    }

    /** Decrypted application bytes from the peer. */
    record ApplicationData(byte[] data) implements TlsEvent {
    }

    /** Records that left (SENT) or fully arrived (RECEIVED) in one call: a flight, for the narrator. */
    record Records(Direction direction, List<TlsRecordHeader> records) implements TlsEvent {
        public Records {
            records = List.copyOf(records);
        }

        /** Bytes on the wire, headers included. */
        public int bytes() {
            int n = 0;
            for (TlsRecordHeader r : records) {
                n += r.wireLength();
            }
            return n;
        }
    }

    /**
     * The peer will send nothing more: it sent close_notify ({@code closeNotify} true), or the
     * transport ended without one (false: a truncation, RFC 8446 section 6.1, which HTTP/1.1
     * clients tolerate when the message length is known).
     */
    record PeerClosed(boolean closeNotify) implements TlsEvent {
    }

    /** Both directions are closed cleanly. */
    record Closed() implements TlsEvent {
    }

    /** The connection failed; any alert for the peer is already in the outbound bytes. */
    record Failed(TlsFailure failure) implements TlsEvent {
    }

    enum Direction { SENT, RECEIVED }
}
