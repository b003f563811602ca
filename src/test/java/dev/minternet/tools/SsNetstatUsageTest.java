package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An unknown option, short or long, makes ss and netstat print getopt's complaint and their whole
 * usage text, and exit 255 (ss) or 3 (netstat), as iproute2 6.1 and net-tools 2.10 do
 * (src/test/resources/reference/ss-netstat); they printed a one-line synopsis of their own before.
 */
class SsNetstatUsageTest {
    @Test
    void as_the_real_ss_and_netstat_print_it() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream("/reference/ss-netstat/unknown-options.txt")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String ours = CliTest.execWithInput("ss -Q\necho rc=$?\nss --nosuch\nnetstat -Q\necho rc=$?\nnetstat --nosuch\n", "shell").out();
        String printed = ours.lines().filter(l -> !l.startsWith("laptop$ ")).map(l -> l + "\n").collect(Collectors.joining());
        assertThat(printed).isEqualTo(real);
    }
}
