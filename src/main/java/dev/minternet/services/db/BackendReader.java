package dev.minternet.services.db;

/**
 * The client's incremental decoder of what a server sends: typed messages, plus the single
 * unframed byte ('S' or 'N') that answers an SSLRequest when {@link #expectEncryptionResponse}
 * was called. Feed it chunks as they arrive; {@link #next} returns each complete message once, or
 * null while one is incomplete.
 */
final class BackendReader {
    /** The one-byte answer to SSLRequest/GSSENCRequest, surfaced as a pseudo-message. */
    public record EncryptionResponse(char answer) {
    }

    private final Framer framer = new Framer();
    private boolean expectByte;

    public void feed(byte[] data) {
        framer.feed(data, 0, data.length);
    }

    public void feed(byte[] data, int off, int len) {
        framer.feed(data, off, len);
    }

    /** The next response starts with the unframed answer to an SSLRequest. */
    public void expectEncryptionResponse() {
        expectByte = true;
    }

    /**
     * The next complete message ({@link BackendMessage} or {@link EncryptionResponse}), or null.
     *
     * @throws PgProtocolException on bytes that break the protocol
     */
    public Object nextAny() {
        if (expectByte) {
            int b = framer.rawByte();
            if (b < 0) {
                return null;
            }
            expectByte = false;
            return new EncryptionResponse((char) b);
        }
        return next();
    }

    /** The next complete typed message, or null. @throws PgProtocolException on bytes that break the protocol */
    public BackendMessage next() {
        if (expectByte) {
            throw new IllegalStateException("an SSLRequest answer is pending: call nextAny()");
        }
        byte[] body = framer.typed(PgProtocol.MAX_MESSAGE_LENGTH);
        return body == null ? null : PgCodec.parseBackend(framer.type, body);
    }

    public int buffered() {
        return framer.buffered();
    }
}
