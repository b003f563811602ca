package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the proxy reads a request head (RFC 9110 9.3.6 CONNECT; RFC 9112 3.2.2 absolute form). */
class ProxyRequestTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void connect_names_the_host_and_port_of_the_tunnel() {
        ProxyBridge.Request r = ProxyBridge.parse(b("CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n"));
        assertThat(r.connect()).isTrue();
        assertThat(r.host()).isEqualTo("www.example.com");
        assertThat(r.port()).isEqualTo(443);
        assertThat(r.forward()).isEmpty();
    }

    @Test
    void an_absolute_form_request_goes_on_in_origin_form_without_proxy_headers_and_with_connection_close() {
        ProxyBridge.Request r = ProxyBridge.parse(b("GET http://www:8080/a/b?x=1 HTTP/1.1\r\nHost: www:8080\r\n"
                + "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\nConnection: keep-alive\r\n"
                + "Accept: */*\r\n\r\n"));
        assertThat(r.connect()).isFalse();
        assertThat(r.host()).isEqualTo("www");
        assertThat(r.port()).isEqualTo(8080);
        assertThat(new String(r.forward(), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /a/b?x=1 HTTP/1.1\r\nHost: www:8080\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        assertThat(ProxyBridge.parse(b("GET http://www HTTP/1.1\r\n\r\n")).port()).isEqualTo(80);
    }

    @Test
    void what_is_not_a_proxy_request_is_refused_with_a_reason() {
        assertThatThrownBy(() -> ProxyBridge.parse(b("GET / HTTP/1.1\r\n\r\n"))).hasMessageContaining("absolute http://");
        assertThatThrownBy(() -> ProxyBridge.parse(b("CONNECT host HTTP/1.1\r\n\r\n"))).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ProxyBridge.parse(b("CONNECT host:99999 HTTP/1.1\r\n\r\n"))).hasMessageContaining("bad port");
        assertThatThrownBy(() -> ProxyBridge.parse(b("SSH-2.0-OpenSSH\r\n\r\n"))).hasMessageContaining("not an HTTP/1.x");
    }

    @Test
    void the_head_ends_at_the_blank_line_and_is_bounded() throws Exception {
        byte[] head = ProxyBridge.readHead(new ByteArrayInputStream(b("CONNECT a:1 HTTP/1.1\r\nX: \r\r\n\r\nafter")));
        assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("CONNECT a:1 HTTP/1.1\r\nX: \r\r\n\r\n");
        assertThatThrownBy(() -> ProxyBridge.readHead(new ByteArrayInputStream(new byte[ProxyBridge.MAX_HEAD + 10])))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> ProxyBridge.readHead(new ByteArrayInputStream(b("GET http://a/ HTTP/1.1\r\n"))))
                .hasMessageContaining("ended before");
    }
}
