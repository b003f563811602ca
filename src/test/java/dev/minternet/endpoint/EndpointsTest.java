package dev.minternet.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.Exchange;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpEvents;
import dev.minternet.http.HttpHandler;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.tls.TlsEvents;
import dev.minternet.tls.TlsFailure;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tls.WorldTls;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Endpoints on a laptop and a server 5 ms apart (one round trip: 10 ms): the server answers on
 * port 80 in clear text and on 443 over TLS for www.example.com; connect reports each step at the
 * instant it happens.
 */
class EndpointsTest {
    static final long MS = Durations.MS;
    static final String HOST = "www.example.com";

    final World world = new World(4, Instant.parse("2026-11-21T09:00:00Z"));
    final Node laptop = world.addHost("laptop");
    final Node server = world.addHost("server");
    final int serverAddr;
    final List<String> steps = new ArrayList<>();
    final List<Exchange> answers = new ArrayList<>();
    final List<TraceEvent> trace = new ArrayList<>();

    EndpointsTest() {
        world.connect(laptop, Cidr.parse("10.0.0.1/24"), server, Cidr.parse("10.0.0.2/24"), LinkParams.DEFAULT.withDelay(5 * MS));
        serverAddr = server.ip().primaryAddress();
        HttpServer http = new HttpServer(world.sim(), world.epoch());
        http.route("GET", "/*", HttpHandler.of(r -> Response.text(200, r.protocol().toString())));
        Endpoints.serve(server, 80, http, List.of());
        Endpoints.serve(server, 443, http, WorldTls.of(world).pki().leaf(HOST));
        world.trace().subscribe(trace::add);
    }

    /** Records each step with its time in ms; on ready sends GET / and closes after the answer. */
    class Recorder implements Steps {
        @Override
        public void tcpConnected(StreamSocket tcp) {
            steps.add(ms() + " tcp " + tcp.remotePort());
        }

        @Override
        public void tlsDone(TlsStreamSocket tls) {
            steps.add(ms() + " tls " + tls.applicationProtocol());
        }

        @Override
        public void ready(HttpClient client) {
            steps.add(ms() + " ready " + client.protocol());
            client.send(Request.get("/"), e -> {
                answers.add(e);
                client.close();
            });
        }

        @Override
        public void failed(Steps.Failure f) {
            steps.add(ms() + " failed " + f.stage() + ": " + f.error());
        }
    }

    long ms() {
        return world.sim().now() / MS;
    }

    HttpClient.Options options() {
        return HttpClient.Options.curl(HOST);
    }

    @Test
    void https_goesTcpThenTlsThenTheProtocolAlpnChose() {
        Endpoints.connect(laptop, Dial.https(serverAddr, 443, HOST, options()), new Recorder());
        world.sim().runUntil(2 * Durations.S);
        // TCP takes one round trip; TLS 1.3 one more (the client Finished rides with the request)
        assertThat(steps).containsExactly("10 tcp 443", "20 tls h2", "20 ready H2");
        assertThat(answers).singleElement().satisfies(e -> assertThat(e.response().bodyText()).isEqualTo("H2"));
        assertThat(trace).anyMatch(e -> e.in(TlsEvents.CATALOG)).anyMatch(e -> e.in(HttpEvents.CATALOG));
    }

    @Test
    void anAlpnOfferOfHttp11Only_getsHttp11() {
        Dial d = Dial.https(serverAddr, 443, HOST, options()).withTls(ConnectOptions.DEFAULT.withAlpn("http/1.1"));
        Endpoints.connect(laptop, d, new Recorder());
        world.sim().runUntil(2 * Durations.S);
        assertThat(steps).containsExactly("10 tcp 443", "20 tls http/1.1", "20 ready HTTP_1_1");
        assertThat(answers).singleElement().satisfies(e -> assertThat(e.response().bodyText()).isEqualTo("HTTP_1_1"));
    }

    @Test
    void clearText_speaksHttp11_orH2WithPriorKnowledge_withNoTlsStep() {
        Endpoints.connect(laptop, Dial.http(serverAddr, 80, options()), new Recorder());
        world.sim().runUntil(Durations.S);
        Endpoints.connect(laptop, Dial.http(serverAddr, 80, options()).withCleartext(HttpProtocol.H2), new Recorder());
        world.sim().runUntil(2 * Durations.S);
        assertThat(steps).containsExactly("10 tcp 80", "10 ready HTTP_1_1", "1010 tcp 80", "1010 ready H2");
        assertThat(answers).extracting(e -> e.response().bodyText()).containsExactly("HTTP_1_1", "H2");
    }

    @Test
    void aClosedPort_failsAtTheTcpStep() {
        Endpoints.connect(laptop, Dial.http(serverAddr, 8080, options()), new Recorder());
        world.sim().runUntil(Durations.S);
        assertThat(steps).containsExactly("10 failed TCP: connection refused");
    }

    @Test
    void aCertificateForAnotherName_failsAtTheTlsStep_withCurlsReason() {
        Steps.Failure[] failure = new Steps.Failure[1];
        Endpoints.connect(laptop, Dial.https(serverAddr, 443, "other.example.com", options()), new Recorder() {
            @Override
            public void failed(Steps.Failure f) {
                failure[0] = f;
                super.failed(f);
            }
        });
        world.sim().runUntil(Durations.S);
        assertThat(steps).hasSize(2).first().isEqualTo("10 tcp 443");
        assertThat(failure[0].stage()).isEqualTo(Steps.Stage.TLS);
        assertThat(failure[0].tls().reason()).isEqualTo(TlsFailure.Reason.WRONG_NAME);
        assertThat(failure[0].error()).isEqualTo(failure[0].tls().curlMessage())
                .startsWith("SSL: no alternative certificate subject name matches target host name");
    }

    @Test
    void aTimeout_givesUpOnASilentServer_andStopsTheSyns() {
        server.crash();
        Endpoints.connect(laptop, Dial.http(serverAddr, 80, options()).withTimeout(1500 * MS), new Recorder());
        world.sim().runUntil(10 * Durations.S);
        assertThat(steps).containsExactly("1500 failed TIMEOUT: connect timeout");
        // the SYN at 0 and its retransmission at 1 s, none after the attempt was aborted
        assertThat(trace).filteredOn(e -> e.node().equals("laptop") && e.is(TcpEvents.SEND))
                .extracting(e -> e.time() / MS).containsExactly(0L, 1000L);
    }

    @Test
    void abortingWhenTcpConnects_silencesTheRestAndResetsTheConnection() {
        Attempt[] attempt = new Attempt[1];
        attempt[0] = Endpoints.connect(laptop, Dial.https(serverAddr, 443, HOST, options()), new Recorder() {
            @Override
            public void tcpConnected(StreamSocket tcp) {
                super.tcpConnected(tcp);
                attempt[0].abort();
            }
        });
        world.sim().runUntil(Durations.S);
        assertThat(steps).containsExactly("10 tcp 443");
        assertThat(trace).filteredOn(e -> e.in(TlsEvents.CATALOG)).isEmpty();
    }
}
