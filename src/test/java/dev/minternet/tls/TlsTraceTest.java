package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsTraceTest {
    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void a_handshake_and_a_failure_read_as_trace_events() {
        WorldTls tls = new WorldTls(4, EPOCH, () -> EPOCH);
        Trace trace = new Trace(new Simulator(4));
        List<TraceEvent> seen = new ArrayList<>();
        trace.subscribe(seen::add);

        Wire ok = new Wire(tls.client("laptop").connect("www.example.com"),
                tls.server("web1").identity(tls.pki().leaf("www.example.com")).build().accept()).run();
        ok.clientEvents.forEach(e -> TlsTrace.emit(trace, "laptop", e));
        Wire bad = new Wire(tls.client("laptop").connect("www.example.com"),
                tls.server("web2").identity(tls.pki().expiredLeaf("www.example.com")).build().accept()).run();
        bad.clientEvents.forEach(e -> TlsTrace.emit(trace, "laptop", e));

        TraceEvent hs = seen.stream().filter(e -> e.is(TlsEvents.HANDSHAKE)).findFirst().orElseThrow();
        assertThat(hs.in(TlsEvents.CATALOG)).isTrue();
        assertThat(hs.get(TlsEvents.VERSION)).isEqualTo("TLSv1.3");
        assertThat(hs.get(TlsEvents.ALPN)).isEqualTo("h2");
        assertThat(hs.get(TlsEvents.GROUP)).isEqualTo("x25519");
        assertThat(hs.get(TlsEvents.SUBJECT)).isEqualTo("CN=www.example.com");
        assertThat(hs.get(TlsEvents.VERIFY)).isEqualTo("ok");
        TraceEvent first = seen.get(0);
        assertThat(first.is(TlsEvents.RECORDS)).isTrue();
        assertThat(first.get(TlsEvents.RECORD_LIST)).startsWith("Handshake ClientHello ").endsWith(" B");
        TraceEvent fail = seen.stream().filter(e -> e.is(TlsEvents.FAIL)).findFirst().orElseThrow();
        assertThat(fail.num(TlsEvents.EXIT)).isEqualTo(60);
        assertThat(fail.get(TlsEvents.MESSAGE)).isEqualTo("SSL certificate problem: certificate has expired");
    }
}
