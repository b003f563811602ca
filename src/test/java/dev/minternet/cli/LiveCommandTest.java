package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** minternet live from the command line: its listener lines, its CA file, its bounded duration. */
class LiveCommandTest {
    @TempDir
    Path dir;

    @Test
    void prints_its_listeners_one_a_line_writes_the_ca_and_stops_after_the_duration() throws Exception {
        Path ca = dir.resolve("ca.pem");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        long t0 = System.nanoTime();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute("live", "--duration", "1s", "--ca", ca.toString(), "--speed", "2");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        assertThat(System.nanoTime() - t0).as("stopped after its duration").isLessThan(60_000_000_000L);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                l -> assertThat(l).matches("web http://127\\.0\\.0\\.1:\\d+/"),
                l -> assertThat(l).matches("dns 127\\.0\\.0\\.1:\\d+ \\(udp, tcp\\)"),
                l -> assertThat(l).matches("proxy 127\\.0\\.0\\.1:\\d+ \\(http, CONNECT\\)"),
                l -> assertThat(l).matches("socks 127\\.0\\.0\\.1:\\d+"));
        assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    }

    @Test
    void max_is_not_a_live_speed() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute("live", "--speed", "max", "--duration", "1s");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--speed").doesNotContain("Exception");
    }

    @Test
    void a_port_in_use_is_one_line_and_exit_1() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliTest.Outcome out = CliTest.exec("live", "--port", "" + taken.getLocalPort(), "--duration", "1s");
            assertThat(out.code()).isEqualTo(1);
            assertThat(out.err().lines()).singleElement().asString().startsWith("minternet: cannot listen on 127.0.0.1 (--port "
                    + taken.getLocalPort());
        }
    }
}
