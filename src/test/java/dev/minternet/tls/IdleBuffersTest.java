package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An idle TLS connection holds no buffers once a page has gone through it; a bulk transfer keeps its large ones. */
class IdleBuffersTest {
    final TlsHandshakeTest h = new TlsHandshakeTest();

    @Test
    void after_a_request_and_a_page_both_ends_hold_no_buffers() {
        Wire w = h.handshake(TlsHandshakeTest.PKI.leaf(TlsHandshakeTest.HOST), TlsHandshakeTest.HOST, ConnectOptions.DEFAULT);
        w.client.send("GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        w.run();
        w.server.send(new byte[1500]);
        w.run();
        assertThat(w.clientEvents(TlsEvent.ApplicationData.class).stream().mapToInt(d -> d.data().length).sum()).isEqualTo(1500);
        assertThat(w.client.heldBufferBytes()).isZero();
        assertThat(w.server.heldBufferBytes()).isZero();
        w.server.send("more".getBytes(StandardCharsets.US_ASCII));
        w.run();
        assertThat(new String(w.clientEvents(TlsEvent.ApplicationData.class).get(1).data(), StandardCharsets.US_ASCII))
                .as("the connection still works after letting its buffers go").isEqualTo("more");
    }

    @Test
    void a_bulk_transfer_keeps_its_large_queue() {
        Wire w = h.handshake(TlsHandshakeTest.PKI.leaf(TlsHandshakeTest.HOST), TlsHandshakeTest.HOST, ConnectOptions.DEFAULT);
        w.server.send(new byte[100_000]);
        w.run();
        assertThat(w.clientEvents(TlsEvent.ApplicationData.class).stream().mapToInt(d -> d.data().length).sum()).isEqualTo(100_000);
        assertThat(w.client.heldBufferBytes()).as("the records queue grew past 4 KiB and stays").isGreaterThan(IdleBuffers.DROP_WHEN_EMPTY);
    }
}
