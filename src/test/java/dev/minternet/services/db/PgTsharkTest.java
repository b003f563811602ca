package dev.minternet.services.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.PcapWriter;
import dev.minternet.transport.StreamPipe;
import dev.minternet.wire.Ip4;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark as an independent decoder of our pgwire bytes: a whole session (startup, queries, rows,
 * an error, terminate) captured from the pipe, wrapped in hand-built TCP/IPv4 packets on port
 * 5432, must dissect as pgsql with every message recognised and nothing malformed.
 */
class PgTsharkTest {
    static final long MS = 1_000_000L;
    static final Instant EPOCH = Instant.parse("2024-03-01T12:00:00Z");

    @TempDir
    Path dir;

    @BeforeEach
    void needTshark() {
        Oracles.tshark();
    }

    record Sent(long time, boolean fromClient, byte[] data) {
    }

    /** Runs a session over a pipe and returns every send, in order. */
    static List<Sent> session() {
        try (DbHarness h = new DbHarness(DbHarness.config(), MS)) {
            List<Sent> sent = new ArrayList<>();
            StreamPipe p = DbHarness.pipe(h.sim, MS);
            p.setTap((from, data, off, len) -> sent.add(new Sent(h.sim.now(), from == p.client(),
                    Arrays.copyOfRange(data, off, off + len))));
            h.server.accept(p.server());
            DatabaseClient client = new DatabaseClient(h.sim, null, "app", StreamConnector.of(p::client), "api", "app", "psql")
                    .requestSsl(true);
            DbConnection[] conn = new DbConnection[1];
            client.connect(c -> conn[0] = c, e -> {
                throw new AssertionError(e.toString());
            });
            h.sim.run();
            DbConnection c = conn[0];
            c.query("SELECT id, name, email FROM users ORDER BY id", r -> { });
            c.query("SELECT * FROM nope", r -> { });
            c.query("INSERT INTO users VALUES (4, 'Barbara Liskov', 'barbara@example.com')", r -> { });
            c.query("", r -> { });
            // about 12 KB of rows: messages span TCP segments, tshark must reassemble them
            c.query("SELECT x AS n, REPEAT('row ' || x, 8) AS filler FROM SYSTEM_RANGE(1, 200) AS r(x) ORDER BY x", r -> { });
            h.sim.run();
            c.close();
            h.sim.run();
            return sent;
        }
    }

    @Test
    void test_tshark_decodes_a_pgwire_session_as_pgsql() throws IOException {
        List<Sent> sent = session();
        TestTcpSegments tcp = new TestTcpSegments(Ip4.parse("10.0.0.10"), 49152, Ip4.parse("10.0.0.20"), PgProtocol.PORT);
        tcp.handshake(0);
        long last = 0;
        for (Sent s : sent) {
            tcp.data(s.time(), s.fromClient(), s.data());
            last = s.time();
        }
        tcp.close(last + MS);
        Path pcap = dir.resolve("pgsql.pcap");
        try (PcapWriter w = new PcapWriter(pcap, EPOCH)) {
            for (TestTcpSegments.Captured c : tcp.packets) {
                w.write(c.timeNs(), c.datagram());
            }
        }

        Tshark.assertClean(pcap);
        // The server's one-byte 'N' answer to SSLRequest: tshark 4.0 consumes it (its column says
        // PGSQL) without a pgsql tree item.
        assertThat(Tshark.fields(pcap, "tcp.len == 1", "tcp.srcport", "_ws.col.Protocol"))
                .containsExactly(Map.of("tcp.srcport", "5432", "_ws.col.Protocol", "PGSQL"));
        List<String> types = new ArrayList<>();
        int dataRows = 0;
        for (Map<String, String> row : Tshark.fields(pcap, "pgsql", "pgsql.type")) {
            for (String t : row.get("pgsql.type").split(",")) {
                if (!types.contains(t)) {
                    types.add(t);
                }
                if (t.equals("Data row")) {
                    dataRows++;
                }
            }
        }
        assertThat(dataRows).isEqualTo(3 + 200);
        assertThat(Tshark.count(pcap, "tcp.len > 0 && !pgsql")).isLessThanOrEqualTo(1 + 8); // 'N', and segments whose messages end later
        assertThat(types).contains("SSL request", "Startup message", "Authentication request", "Parameter status", "Backend key data",
                "Ready for query", "Simple query", "Row description", "Data row", "Command completion", "Error",
                "Empty query", "Termination");
        List<String> queries = new ArrayList<>();
        for (Map<String, String> row : Tshark.fields(pcap, "pgsql.query", "pgsql.query")) {
            queries.add(row.get("pgsql.query"));
        }
        assertThat(queries).containsExactly("SELECT id, name, email FROM users ORDER BY id", "SELECT * FROM nope",
                "INSERT INTO users VALUES (4, 'Barbara Liskov', 'barbara@example.com')", "",
                "SELECT x AS n, REPEAT('row ' || x, 8) AS filler FROM SYSTEM_RANGE(1, 200) AS r(x) ORDER BY x");
        assertThat(Tshark.fields(pcap, "pgsql.code", "pgsql.code").get(0).get("pgsql.code")).isEqualTo("42P01");
        assertThat(Tshark.fields(pcap, "pgsql.tag", "pgsql.tag")).extracting(r -> r.get("pgsql.tag"))
                .contains("SELECT 3", "INSERT 0 1", "SELECT 200");
    }
}
