package dev.minternet.services.db;

/**
 * The server's incremental decoder of what a client sends. It starts in the startup phase
 * (packets without a type byte: StartupMessage, SSLRequest, GSSENCRequest, CancelRequest) and
 * switches to typed messages once a StartupMessage has been read. Feed it chunks as they arrive;
 * {@link #next} returns each complete message once, or null while one is incomplete.
 */
final class FrontendReader {
    private final Framer framer = new Framer();
    private boolean startupPhase = true;

    public void feed(byte[] data) {
        framer.feed(data, 0, data.length);
    }

    public void feed(byte[] data, int off, int len) {
        framer.feed(data, off, len);
    }

    /** The next complete message, or null. @throws PgProtocolException on bytes that break the protocol */
    public FrontendMessage next() {
        if (startupPhase) {
            byte[] body = framer.untyped(PgProtocol.MAX_STARTUP_LENGTH);
            if (body == null) {
                return null;
            }
            FrontendMessage m = PgCodec.parseStartupPhase(body);
            if (m instanceof FrontendMessage.Startup) {
                startupPhase = false;
            }
            return m;
        }
        byte[] body = framer.typed(PgProtocol.MAX_MESSAGE_LENGTH);
        return body == null ? null : PgCodec.parseFrontend(framer.type, body);
    }

    /** True until a StartupMessage has been read. */
    public boolean inStartupPhase() {
        return startupPhase;
    }

    /** Bytes received but not yet returned as messages. */
    public int buffered() {
        return framer.buffered();
    }
}
