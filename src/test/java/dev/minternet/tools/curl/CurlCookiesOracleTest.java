package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.minternet.http.Headers;
import dev.minternet.testing.Oracles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real curl is the oracle for the cookie engine: a tiny HTTP server on 127.0.0.1 answers
 * with Set-Cookie fields, the real {@code curl -c} writes its jar, and the simulated engine given
 * the same URL and fields must write the same bytes; then the real {@code curl -b} reads the
 * simulated jar and must send the Cookie header the simulated curl sends. A missing curl skips
 * (fails with MINTERNET_REQUIRE_ORACLES=1).
 */
class CurlCookiesOracleTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> setCookies = new ArrayList<>();
    private volatile String lastCookie;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            lastCookie = ex.getRequestHeaders().getFirst("Cookie");
            for (String c : setCookies) {
                ex.getResponseHeaders().add("Set-Cookie", c);
            }
            byte[] b = "ok\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Oracles.require("curl", "curl").toString());
        cmd.add("-s");
        cmd.add("-o");
        cmd.add("/dev/null");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private static Headers headers(List<String> setCookies) {
        Headers h = Headers.EMPTY;
        for (String c : setCookies) {
            h = h.with("Set-Cookie", c);
        }
        return h;
    }

    /** The real and the simulated jar for the same answer to {@code url}; returns the simulated engine. */
    private CurlCookies sameJar(String url, List<String> cookies, String... curlArgs) throws Exception {
        setCookies.clear();
        setCookies.addAll(cookies);
        Path real = dir.resolve("real.txt");
        List<String> args = new ArrayList<>(List.of(curlArgs));
        args.addAll(List.of("-c", real.toString(), url));
        curl(args.toArray(String[]::new));
        CurlCookies sim = new CurlCookies();
        long now = System.currentTimeMillis();
        sim.receive(headers(cookies), CurlArgs.parseUrl(url), now);
        assertThat(sim.netscape(now)).isEqualTo(Files.readString(real));
        return sim;
    }

    @Test
    void hostOnlyHttpOnlySecureAndSessionCookiesAsCurlWritesThem() throws Exception {
        sameJar("http://localhost:" + port + "/docs/page", List.of(
                "session=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Lax",
                "theme=dark; Expires=Thu, 01 Jan 2037 00:00:00 GMT",
                "deep=3; Path=/docs/page/x",
                "plain=4"));
    }

    @Test
    void domainCookiesRefusedOnesAndDeletions() throws Exception {
        String url = "http://www.example.com:" + port + "/a/b";
        String resolve = "www.example.com:" + port + ":127.0.0.1";
        CurlCookies sim = sameJar(url, List.of(
                "dom=1; Domain=example.com; Path=/",
                "host=2; Path=/a",
                "other=3; Domain=other.com",
                "gone=4; Max-Age=0",
                "sec=5; Secure",
                "tld=6; Domain=com"), "--resolve", resolve);
        // the real curl reads the simulated jar and sends what the simulated curl sends
        Path ours = dir.resolve("ours.txt");
        Files.writeString(ours, sim.netscape(System.currentTimeMillis()));
        String deeper = "http://www.example.com:" + port + "/a/b/c";
        setCookies.clear();
        curl("--resolve", resolve, "-b", ours.toString(), deeper);
        assertThat(lastCookie).isEqualTo(sim.header(CurlArgs.parseUrl(deeper), System.currentTimeMillis()));
        assertThat(lastCookie).isEqualTo("host=2; dom=1");
    }

    @Test
    void theRealCurlSendsTheSimulatedJarsCookiesInItsOrder() throws Exception {
        CurlCookies sim = new CurlCookies();
        sim.read(CurlCookies.FILE_HEADER
                + "localhost\tFALSE\t/\tFALSE\t0\ta\t1\n"
                + "#HttpOnly_localhost\tFALSE\t/x/\tFALSE\t0\tlonger\t2\n"
                + "localhost\tFALSE\t/x\tFALSE\t0\tbb\t3\n"
                + "localhost\tFALSE\t/\tTRUE\t0\tsecure\t4\n"
                + "localhost\tFALSE\t/\tFALSE\t2145916800\tpersist\t5\n", false);
        Path ours = dir.resolve("jar.txt");
        Files.writeString(ours, sim.netscape(System.currentTimeMillis()));
        String url = "http://localhost:" + port + "/x/y";
        curl("-b", ours.toString(), url);
        assertThat(lastCookie).isEqualTo(sim.header(CurlArgs.parseUrl(url), System.currentTimeMillis()));
        // -j drops the session cookies when the jar is read
        curl("-j", "-b", ours.toString(), url);
        CurlCookies junk = new CurlCookies();
        junk.read(Files.readString(ours), true);
        assertThat(lastCookie).isEqualTo(junk.header(CurlArgs.parseUrl(url), System.currentTimeMillis())).isEqualTo("persist=5");
    }
}
