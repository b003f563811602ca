package dev.minternet.endpoint;

import dev.minternet.http.HttpClient;
import dev.minternet.tls.TlsFailure;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.transport.StreamSocket;
import java.util.function.Consumer;

/**
 * What {@link Endpoints#connect} reports as the connection goes up, step by step, so that a tool
 * can print (curl -v) or trace (the browser) each step at the simulated instant it happens.
 * Exactly one of {@link #ready} and {@link #failed} comes, unless the caller aborts first.
 */
public interface Steps {
    /** Where a connection failed. */
    enum Stage {
        /** The TCP handshake failed: refused, unreachable, timed out by TCP itself. */
        TCP,
        /** The TLS handshake failed (alert, certificate); {@link Failure#tls} says how. */
        TLS,
        /** The {@link Dial#timeoutNs} passed before TCP and TLS completed. */
        TIMEOUT
    }

    /**
     * Why a connection failed: the errno text for TCP ("connection refused"), curl's message
     * for TLS, "connect timeout".
     */
    record Failure(Stage stage, String error, TlsFailure tls) {
    }

    /** The TCP handshake completed; for HTTPS the ClientHello goes out right after this returns. */
    default void tcpConnected(StreamSocket tcp) {
    }

    /** The TLS handshake completed; {@code tls.applicationProtocol()} is what ALPN chose. */
    default void tlsDone(TlsStreamSocket tls) {
    }

    /**
     * TCP (and TLS) are up and HTTP is about to open on {@code stream}: a caller that speaks its
     * own protocol on the bare stream (a WebSocket client, a tunnel) takes it by returning true,
     * and then hears no {@link #ready}. By default HTTP opens.
     */
    default boolean takeStream(StreamSocket stream) {
        return false;
    }

    /** HTTP is open on the negotiated (or clear-text) protocol: send requests on {@code client}. */
    void ready(HttpClient client);

    /** The connection could not be made. */
    void failed(Failure f);

    /**
     * Steps that take the bare stream once TCP (and TLS) are up, for a protocol of the caller's own
     * (a WebSocket client, a tunnel): {@code take} gets the stream, {@code failed} the failure.
     */
    static Steps takingStream(Consumer<StreamSocket> take, Consumer<Failure> failed) {
        return new Steps() {
            @Override
            public boolean takeStream(StreamSocket stream) {
                take.accept(stream);
                return true;
            }

            @Override
            public void ready(HttpClient client) {
                throw new AssertionError("the caller takes the stream");
            }

            @Override
            public void failed(Failure f) {
                failed.accept(f);
            }
        };
    }

    /**
     * {@code then}, with {@code first} told of the TCP connection before it: a decorator for a
     * caller that records which connection won (a family, an address) and passes everything on.
     */
    static Steps onTcp(Consumer<StreamSocket> first, Steps then) {
        return new Steps() {
            @Override
            public void tcpConnected(StreamSocket tcp) {
                first.accept(tcp);
                then.tcpConnected(tcp);
            }

            @Override
            public void tlsDone(TlsStreamSocket tls) {
                then.tlsDone(tls);
            }

            @Override
            public boolean takeStream(StreamSocket stream) {
                return then.takeStream(stream);
            }

            @Override
            public void ready(HttpClient client) {
                then.ready(client);
            }

            @Override
            public void failed(Failure f) {
                then.failed(f);
            }
        };
    }
}
