package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The seam for TLS: a byte-stream filter is a StreamSocket wrapping a StreamSocket, and HTTP runs
 * on it unchanged, with the protocol picked the way ALPN would. Here the "cipher" is XOR.
 */
class LayeringTest {

    /** A toy filter: XOR on the way out and in, plus a negotiated protocol like ALPN's. */
    static final class XorSocket implements StreamSocket, StreamSocket.Handler {
        private final StreamSocket inner;
        private final String alpn;
        private Handler handler;

        XorSocket(StreamSocket inner, String alpn) {
            this.inner = inner;
            this.alpn = alpn;
            inner.setHandler(this);
        }

        String applicationProtocol() {
            return alpn;
        }

        private static byte[] xor(byte[] d, int off, int len) {
            byte[] o = new byte[len];
            for (int i = 0; i < len; i++) {
                o[i] = (byte) (d[off + i] ^ 0x5a);
            }
            return o;
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            handler.onData(this, xor(data, 0, data.length));
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            handler.onPeerClosed(this);
        }

        @Override
        public void onWritable(StreamSocket s) {
            handler.onWritable(this);
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            handler.onClosed(this, error);
        }

        @Override
        public void setHandler(Handler h) {
            handler = h;
        }

        @Override
        public int send(byte[] data, int off, int len) {
            int n = Math.min(len, inner.sendBufferSpace());
            return inner.send(xor(data, off, n), 0, n);
        }

        @Override
        public int sendBufferSpace() {
            return inner.sendBufferSpace();
        }

        @Override
        public void shutdownOutput() {
            inner.shutdownOutput();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public void abort() {
            inner.abort();
        }

        @Override
        public int localAddress() {
            return inner.localAddress();
        }

        @Override
        public int localPort() {
            return inner.localPort();
        }

        @Override
        public int remoteAddress() {
            return inner.remoteAddress();
        }

        @Override
        public int remotePort() {
            return inner.remotePort();
        }

        @Override
        public String nodeName() {
            return inner.nodeName();
        }
    }

    @Test
    void httpRunsOverAFilter_protocolChosenByAlpn() {
        for (String alpn : new String[] {"h2", "http/1.1"}) {
            HttpFixture f = new HttpFixture();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            f.pipe.setTap((from, d, off, len) -> wire.write(d, off, len));
            f.server.route("GET", "/", HttpHandler.of(r -> Response.text(200, "secret " + r.protocol())));
            XorSocket serverSide = new XorSocket(f.pipe.server(), alpn);
            XorSocket clientSide = new XorSocket(f.pipe.client(), alpn);
            f.server.serve(serverSide, HttpProtocol.fromAlpn(serverSide.applicationProtocol()));
            f.client = HttpClient.open(f.sim, clientSide, HttpProtocol.fromAlpn(clientSide.applicationProtocol()),
                    HttpClient.Options.curl("example.com").withScheme("https"));
            f.send(Request.get("/"));
            f.send(Request.get("/"));
            f.run();
            HttpProtocol p = HttpProtocol.fromAlpn(alpn);
            assertThat(f.done).hasSize(2).allSatisfy(e -> assertThat(e.response().bodyText()).isEqualTo("secret " + p));
            String onWire = wire.toString(StandardCharsets.ISO_8859_1);
            assertThat(onWire).doesNotContain("secret").doesNotContain("HTTP/").doesNotContain("example.com");
        }
    }
}
