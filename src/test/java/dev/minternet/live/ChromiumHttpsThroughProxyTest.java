package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.testing.Oracles;
import dev.minternet.tls.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Chromium loads https://www.example.com/ from the default world's data centre through the
 * live proxy, trusting the world's root the way a user would: imported into the NSS database of
 * its home directory (certutil), nothing ignored. The world mints ECDSA P-256 certificates, as
 * {@code minternet live} does by default, because Chromium refuses Ed25519 ones. The TLS
 * handshake is end to end between Chromium and the simulated load balancer, so Navigation
 * Timing holds the simulated round trips: TLS 1.3's one round trip from secureConnectionStart to
 * connectEnd, and the request's, 39.6 ms each in the default world. (The proxy's TCP handshake
 * before them is timed with real curl, in {@link RealClientsTest}: Chromium's clocks cannot show it,
 * see below.)
 */
class ChromiumHttpsThroughProxyTest {
    static final Pattern CONNECT = Pattern.compile(
            "\"connectStart\":([0-9.]+),\"secureConnectionStart\":([0-9.]+),\"connectEnd\":([0-9.]+)");
    static final Pattern SHORTEST = Pattern.compile(
            "\"shortest\":\\{\"tls\":([0-9.]+),\"request\":([0-9.]+)\\}");
    /** The laptop-to-load-balancer round trip of the default world (VisitTest computes it from the links). */
    static final double RTT_MS = 39.613;

    @TempDir
    Path home;

    @Test
    void chromium_trusting_the_world_root_loads_the_https_page_with_the_simulated_round_trips() throws Exception {
        Path certutil = Oracles.require("certutil", "libnss3-tools");
        try (LiveFixture f = new LiveFixture(DefaultWorld.load(), 1, KeyAlgorithm.ECDSA_P256)) {
            trustWorldRoot(certutil, f);

            LiveFixture.Result r = Chromium.script(Map.of("HOME", home.toString(), "LOADS", "3"), "check-proxied.mjs",
                    "https://www.example.com/", "http://127.0.0.1:" + f.port("proxy"),
                    Path.of("target", "live-chromium-https.png").toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            // the only failure allowed is the icon Chromium may ask for on its own (the default site has none)
            assertThat(r.out()).containsPattern("\"failed\":\\[(\"404 /favicon\\.ico\")?\\]").contains("\"status\":200")
                    .contains("\"title\":\"Example Domain\"");
            assertThat(r.out().replaceAll("\"console: Failed to load resource: the server responded with a status of 404 \\(\\)\"", ""))
                    .contains("\"errors\":[]");
            Matcher m = CONNECT.matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            double connectStart = Double.parseDouble(m.group(1));
            double secureStart = Double.parseDouble(m.group(2));
            double connectEnd = Double.parseDouble(m.group(3));
            assertThat(secureStart).as("a TLS connection").isGreaterThan(0);
            assertThat(connectEnd).as("a connect timed").isGreaterThan(connectStart);
            // Of the loads after the first (its warm-up is not measured), the shortest of each.
            // Not the connect phase as a whole (connectEnd - connectStart): it came out under the
            // two round trips in 2 of 13 runs (66.8 and 75.4 ms against 79.2) and once on CI. The
            // proxy's log against Chromium's performance.timeOrigin showed why: Chromium sent the
            // CONNECT 0.6 ms after the navigation's timeOrigin at best, 2.7 and 6.4 ms before it in
            // others, and reported connectStart 2-5 ms after it, so the tunnel's round trip was
            // cut short by as much, sometimes to below one round trip (31.8 ms against 39.6).
            Matcher shortest = SHORTEST.matcher(r.out());
            assertThat(shortest.find()).as(r.out()).isTrue();
            assertThat(Double.parseDouble(shortest.group(1))).as("TLS 1.3: one simulated round trip " + r.out())
                    .isGreaterThanOrEqualTo(RTT_MS - 1);
            assertThat(Double.parseDouble(shortest.group(2))).as("the request: one simulated round trip " + r.out())
                    .isGreaterThanOrEqualTo(RTT_MS - 1);
            // Chromium's own background calls (update and account services) are refused, the page's are not
            assertThat(f.log).noneMatch(l -> l.contains("refused") && l.contains("example.com"));
            System.out.println("chromium https through the live proxy: " + r.out().strip());
        }
    }

    @Test
    void chromium_sent_to_plain_http_follows_the_sites_301_to_https() throws Exception {
        Path certutil = Oracles.require("certutil", "libnss3-tools");
        try (LiveFixture f = new LiveFixture(DefaultWorld.load(), 1, KeyAlgorithm.ECDSA_P256)) {
            trustWorldRoot(certutil, f);
            LiveFixture.Result r = Chromium.script(Map.of("HOME", home.toString(), "LOADS", "1"), "check-proxied.mjs",
                    "http://www.example.com/", "http://127.0.0.1:" + f.port("proxy"));
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            // the load balancer's port 80 answered 301 with a Location on https, and Chromium followed it
            assertThat(r.out()).contains("\"status\":200", "\"finalUrl\":\"https://www.example.com/\"",
                    "\"redirectedFrom\":\"http://www.example.com/\"", "\"redirectStatus\":301", "\"title\":\"Example Domain\"");
        }
    }

    /** The world's root in the NSS database of the test's home, as a user imports it (certutil). */
    private void trustWorldRoot(Path certutil, LiveFixture f) throws Exception {
        Path ca = home.resolve("ca.pem");
        Files.writeString(ca, f.server.caPem());
        Path nss = home.resolve(".pki/nssdb");
        Files.createDirectories(nss);
        LiveFixture.Result init = LiveFixture.run(30, certutil.toString(), "-d", "sql:" + nss, "-N", "--empty-password");
        assertThat(init.code()).as(init.out() + init.err()).isZero();
        LiveFixture.Result add = LiveFixture.run(30, certutil.toString(), "-d", "sql:" + nss, "-A", "-t", "C,,",
                "-n", "Minternet Root CA", "-i", ca.toString());
        assertThat(add.code()).as(add.out() + add.err()).isZero();
    }
}
