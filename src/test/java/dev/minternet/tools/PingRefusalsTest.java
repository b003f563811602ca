package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * ping's refusals as iputils 20221126 prints them (src/test/resources/reference/iputils-20221126):
 * an unknown option or one missing its value followed by the whole usage, for IPv4 and IPv6; -t 0
 * passes the parser and is refused by setsockopt (status 2), -t 256 by the parser; a negative -W
 * is a "bad linger time".
 */
class PingRefusalsTest {
    @Test
    void each_refusal_as_the_real_ping_prints_it() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream("/reference/iputils-20221126/ping-refusals.txt")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String ours = CliTest.execWithInput("ping -x 127.0.0.1\necho rc=$?\nping -t 0 127.0.0.1\necho rc=$?\n"
                + "ping -t 256 127.0.0.1\nping -W -1 127.0.0.1\nping -c\nping -6 -x ::1\n", "shell").out();
        String printed = ours.lines().filter(l -> !l.startsWith("laptop$ ")).map(l -> l + "\n").collect(Collectors.joining());
        assertThat(printed).isEqualTo(real);
    }
}
