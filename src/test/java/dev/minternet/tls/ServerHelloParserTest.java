package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ServerHelloParserTest {
    /** A TLS 1.3 ServerHello built by hand: TLS_AES_128_GCM_SHA256, key_share x25519, supported_versions 1.3. */
    static final String SERVER_HELLO = "02000056" + "0303" + "11".repeat(32) + "00" + "1301" + "00" + "002e"
            + "002b00020304" + "00330024001d0020" + "22".repeat(32);

    @Test
    void reads_version_cipher_and_group() {
        byte[] b = HexFormat.of().parseHex(SERVER_HELLO);
        ServerHelloParser.Summary s = ServerHelloParser.parse(b, 0, b.length);
        assertThat(s).isEqualTo(new ServerHelloParser.Summary(0x0304, 0x1301, 0x001d, false));
        assertThat(ServerHelloParser.groupName(s.keyShareGroup())).isEqualTo("x25519");
    }

    @Test
    void recognises_a_hello_retry_request_by_its_random() {
        String hrr = SERVER_HELLO.replace("11".repeat(32),
                "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
        byte[] b = HexFormat.of().parseHex(hrr);
        assertThat(ServerHelloParser.parse(b, 0, b.length).helloRetryRequest()).isTrue();
    }

    @Test
    void truncated_or_foreign_messages_give_null() {
        byte[] b = HexFormat.of().parseHex(SERVER_HELLO);
        assertThat(ServerHelloParser.parse(b, 0, 20)).isNull();
        b[0] = 1;
        assertThat(ServerHelloParser.parse(b, 0, b.length)).isNull();
    }
}
