package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real curl through the SOCKS5 bridge (RFC 1928): names resolved inside the world, connections from the laptop. */
class SocksBridgeTest {
    static LiveFixture live;
    static final List<TraceEvent> EVENTS = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        live = new LiveFixture(1);
        live.server.live().call(() -> {
            live.server.live().world().trace().subscribe(EVENTS::add);
            return null;
        });
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @Test
    void the_listener_is_printed_with_the_others() {
        assertThat(live.server.listeners()).anyMatch(l -> l.matches("socks 127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void real_curl_over_socks5_with_the_name_resolved_in_the_world_fetches_the_page() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, live.server.caPem());
        LiveFixture.Result r = LiveFixture.run(60, curl.toString(), "-sS", "--socks5-hostname", "127.0.0.1:" + live.port("socks"),
                "--cacert", ca.toString(), "-o", "/dev/null", "-w", "%{http_code} %{ssl_verify_result}", "https://www.example.com/");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("200 0");
        // the TCP connection to the load balancer was the laptop's
        assertThat(EVENTS).anyMatch(e -> e.is(TcpEvents.SEND) && e.node().equals("laptop") && e.get(TcpEvents.DST).equals("93.184.216.34")
                && e.num(TcpEvents.DPORT) == 443);
    }

    @Test
    void a_target_outside_the_world_is_not_allowed_by_ruleset() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        LiveFixture.Result r = LiveFixture.run(30, curl.toString(), "-sS", "--socks5", "127.0.0.1:" + live.port("socks"),
                "-o", "/dev/null", "http://8.8.8.8/");
        assertThat(r.code()).isEqualTo(97); // CURLE_PROXY
        // curl prints the reply code: 2, "connection not allowed by ruleset" (RFC 1928 section 6)
        assertThat(r.err()).contains("Can't complete SOCKS5 connection to 8.8.8.8. (2)");
        assertThat(live.log).anyMatch(l -> l.startsWith("socks: refused 8.8.8.8:80") && l.contains("not an address inside"));
    }
}
