package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code curl --help} and {@code curl -V}: printed, status 0, whatever else is on the line. */
class CurlInfoTest {
    @Test
    void help_prints_the_short_menu_the_real_curl_prints() throws Exception {
        String curl = Oracles.require("curl", "curl").toString();
        Process p = new ProcessBuilder(curl, "--help").redirectErrorStream(true).start();
        String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        CliTest.Outcome o = CliTest.execWithInput("curl --help\necho $?\ncurl -s -h https://www.example.com/\n", "shell");
        assertThat(o.out()).contains("laptop$ curl --help\n" + real + "laptop$ echo $?\n0\n")
                .contains("laptop$ curl -s -h https://www.example.com/\n" + real);
    }

    @Test
    void version_names_curl_8_5_and_what_is_modelled() {
        CliTest.Outcome o = CliTest.execWithInput("curl -V\necho $?\ncurl --version https://www.example.com/\n", "shell");
        assertThat(o.out()).contains("laptop$ curl -V\ncurl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 ")
                .contains("Protocols: http https\nFeatures: AsynchDNS brotli HSTS HTTP2 IPv6 Largefile libz SSL threadsafe zstd\n"
                        + "laptop$ echo $?\n0\n")
                .contains("laptop$ curl --version https://www.example.com/\ncurl 8.5.0");
        assertThat(Curl.info(List.of("-s", "https://x/"))).isNull();
    }
}
