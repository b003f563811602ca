package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The balancer gzips text for browsers that ask (as an nginx edge does), never images. */
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
        assertThat(lines).anyMatch(l -> l.contains("response: 200, 648 B (compressed, ") && l.contains("text/html"));
        assertThat(lines).anyMatch(l -> l.contains("GET /css/site.css -> 200") && l.contains("(compressed, "));
        assertThat(lines).anyMatch(l -> l.contains("GET /img/logo.png -> 200") && l.contains("(not compressed)"));
    }
}
