package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.PcapWriter;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4.Cidr;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP on real simulated TCP through a router; tshark reads the capture back. */
class HttpOverTcpTest {
    static final long MS = Durations.MS;

    @TempDir
    Path dir;

    final World world = new World(4, Instant.parse("2026-11-21T09:00:00Z"));
    final Node laptop = world.addHost("laptop");
    final Node router = world.addRouter("router");
    final Node web = world.addHost("web");
    final HttpServer server = new HttpServer(world.sim(), world.epoch());
    final List<Exchange> done = new ArrayList<>();
    final long[] connectedAt = {-1};

    HttpOverTcpTest() {
        world.connect(laptop, Cidr.parse("10.0.0.2/24"), router, Cidr.parse("10.0.0.1/24"),
                LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(5 * MS));
        world.connect(router, Cidr.parse("10.0.1.1/24"), web, Cidr.parse("10.0.1.2/24"),
                LinkParams.DEFAULT.withDelay(MS));
        GlobalRouting.install(world);
        server.trace(world.trace()).route("GET", "/*", HttpHandler.of(r ->
                Response.text(200, "hello " + r.clientAddress() + " over " + r.protocol() + "\n".repeat(2000))));
        TcpStreamSocket.listen(web.tcp(), 80, server::serve);
    }

    private void fetch(HttpProtocol p, String... paths) {
        TcpStreamSocket.connect(laptop.tcp(), world.resolve("web"), 80, s -> {
            connectedAt[0] = world.sim().now();
            HttpClient c = HttpClient.open(world.sim(), s, p, HttpClient.Options.curl("web").withCompressed(true));
            c.trace(world.trace());
            for (String path : paths) {
                c.send(Request.get(path), done::add);
            }
            world.sim().schedule(2 * Durations.S, c::close);
        }, err -> { throw new AssertionError(err); });
    }

    private PcapWriter pcapWriter;

    private Path capture() throws Exception {
        Path pcap = dir.resolve("web.pcap");
        pcapWriter = new PcapWriter(pcap, world.epoch());
        web.ip().iface("eth0").addTap((d, out) -> pcapWriter.write(world.sim().now(), d, d.length));
        return pcap;
    }

    @Test
    void http11_keepAlive_overTcp_timingsFollowTheRoundTrip() {
        fetch(HttpProtocol.HTTP_1_1, "/a", "/b");
        world.sim().run();
        // connect: one round trip of 2 x (5 + 1) ms, plus serialisation of the SYN and SYN-ACK
        assertThat(connectedAt[0]).isBetween(12 * MS, 12 * MS + 50 * Durations.US);
        assertThat(done).hasSize(2).allSatisfy(e -> {
            assertThat(e.error()).isNull();
            assertThat(e.response().bodyText()).startsWith("hello 10.0.0.2 over HTTP_1_1");
            assertThat(e.wireHeaders().get("Content-Encoding")).isEqualTo("br");
            assertThat(e.ttfbNs()).isBetween(12 * MS, 13 * MS);
        });
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void http2_threeStreams_overTcp_andTsharkDecodesIt() throws Exception {
        Path pcap = capture();
        fetch(HttpProtocol.H2, "/1", "/2", "/3");
        world.sim().run();
        pcapWriter.close();
        assertThat(done).hasSize(3).allSatisfy(e -> {
            assertThat(e.error()).isNull();
            assertThat(e.response().bodyText()).startsWith("hello 10.0.0.2 over H2");
        });
        Tshark.assertClean(pcap);
        List<Map<String, String>> h = Tshark.fields(pcap, "http2.header.name == \":path\"", "http2.header.value");
        assertThat(String.join(",", h.stream().map(m -> m.get("http2.header.value")).toList())).contains("/1", "/2", "/3");
    }

    @Test
    void http11_tsharkSeesTheRequestsAndResponses() throws Exception {
        Path pcap = capture();
        fetch(HttpProtocol.HTTP_1_1, "/x", "/y");
        world.sim().run();
        pcapWriter.close();
        assertThat(done).hasSize(2);
        Tshark.assertClean(pcap);
        assertThat(Tshark.fields(pcap, "http.request", "http.request.uri", "http.host", "http.user_agent"))
                .containsExactly(Map.of("http.request.uri", "/x", "http.host", "web", "http.user_agent", "curl/8.5.0"),
                        Map.of("http.request.uri", "/y", "http.host", "web", "http.user_agent", "curl/8.5.0"));
        assertThat(Tshark.count(pcap, "http.response.code == 200")).isEqualTo(2);
    }
}
