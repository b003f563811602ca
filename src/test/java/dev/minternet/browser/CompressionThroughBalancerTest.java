package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The balancer compresses text (Brotli) for browsers that ask (as an nginx edge with ngx_brotli does), never images. */
class CompressionThroughBalancerTest {

    @Test
    void text_is_compressed_on_the_wire_and_images_are_not() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.execute("visit", "https://www.example.com/")).isZero();
        } finally {
            System.setOut(old);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // 817 B: the page names its four static assets at https://static.example.com (4 x 26 B) and says so (65 B)
        assertThat(lines).anyMatch(l -> l.contains("response: 200, 817 B (br, ") && l.contains("text/html"));
        // the static assets come from the CDN edge, which compresses as the origin does
        assertThat(lines).anyMatch(l -> l.contains("GET https://static.example.com/css/site.css -> 200") && l.contains("(br, "));
        assertThat(lines).anyMatch(l -> l.contains("GET https://static.example.com/img/logo.png -> 200") && l.contains("(not compressed)"));
    }
}
