package dev.minternet.tls;

import dev.minternet.wire.BigEndian;
import java.util.List;

/**
 * Follows a TLS byte stream and reports each record once all its bytes have passed. Resumable:
 * bytes may arrive in any split, as TCP delivers them.
 */
final class RecordScanner {
    private final byte[] header = new byte[TlsRecordHeader.HEADER_LENGTH];
    private int headerFill;
    private int remaining;
    private int handshakeType = -1;
    private boolean wantHandshakeType;

    void scan(byte[] b, int off, int len, List<TlsRecordHeader> out) {
        int end = off + len;
        while (off < end) {
            if (headerFill < header.length) {
                header[headerFill++] = b[off++];
                if (headerFill == header.length) {
                    remaining = BigEndian.u16(header, 3);
                    handshakeType = -1;
                    wantHandshakeType = (header[0] & 0xff) == TlsRecordHeader.HANDSHAKE && remaining > 0;
                    if (remaining == 0) {
                        emit(out);
                    }
                }
                continue;
            }
            if (wantHandshakeType) {
                handshakeType = b[off] & 0xff;
                wantHandshakeType = false;
            }
            int n = Math.min(remaining, end - off);
            off += n;
            remaining -= n;
            if (remaining == 0) {
                emit(out);
            }
        }
    }

    private void emit(List<TlsRecordHeader> out) {
        out.add(new TlsRecordHeader(header[0] & 0xff, BigEndian.u16(header, 1), BigEndian.u16(header, 3), handshakeType));
        headerFill = 0;
    }
}
