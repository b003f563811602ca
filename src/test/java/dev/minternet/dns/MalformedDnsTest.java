package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Bytes;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Ip4;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Garbage sent to every kind of DNS server is dropped (no header to answer) or answered FORMERR
 * (RFC 1035 4.1.1), counted, and the servers go on answering good queries.
 */
class MalformedDnsTest {
    @TempDir
    Path dir;

    /** Five bytes: not even a header. */
    static final byte[] TRUNCATED_HEADER = Bytes.hex("12 34 01 00 00");
    /** A label length of 0x45 (69 > 63) where the question name starts (RFC 1035 2.3.4). */
    static final byte[] BAD_LABEL = Bytes.hex("22 22 01 00 00 01 00 00 00 00 00 00 45 61 62 63 00 00 01 00 01");
    /** A question name that is a compression pointer to itself (offset 12): a loop. */
    static final byte[] COMPRESSION_LOOP = Bytes.hex("33 33 01 00 00 01 00 00 00 00 00 00 c0 0c 00 01 00 01");
    /** A response (QR set) sent to a server port: answering it could start a loop between servers. */
    static final byte[] RESPONSE = Bytes.hex("44 44 81 80 00 00 00 00 00 00 00 00");

    @Test
    void malformed_queries_are_dropped_or_answered_formerr_and_counted() throws Exception {
        Scenario s = ScenarioLoader.parse(dir.resolve("test.yaml").toString(), DnsWorlds.scenario(dir,
                "  - {at: 3s, on: laptop, run: \"dig www.example.com\"}\n"));
        World w = WorldBuilder.build(s);
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        Node laptop = w.node("laptop");
        List<String> replies = new ArrayList<>();
        UdpSocket sock = laptop.udp().open(5353);
        sock.onReceive((src, sport, payload, d) -> replies.add(Ip4.str(src) + " id=" + Dns.idOf(payload)
                + " rcode=" + (payload[3] & 0x0f) + " qr=" + Dns.isResponse(payload)));
        int[] servers = {Ip4.parse("192.168.1.1"), Ip4.parse("100.64.1.53"), Ip4.parse("198.41.0.4"),
                Ip4.parse("199.43.135.53")};
        w.sim().scheduleAt(1_000_000_000L, () -> {
            for (int server : servers) {
                for (byte[] b : List.of(TRUNCATED_HEADER, BAD_LABEL, COMPRESSION_LOOP, RESPONSE)) {
                    sock.send(server, Dns.PORT, b);
                }
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScenarioRunner(s, w, new PrintStream(out, true, StandardCharsets.UTF_8), dir).run();

        for (Node n : List.of(w.node("home"), w.node("isp-dns"), w.node("a-root"), w.node("ns1"))) {
            DnsListener l = listenerOf(n);
            assertThat(l.malformed()).as(n.name()).isEqualTo(4);
            assertThat(l.formErrs()).as(n.name()).isEqualTo(2);
        }
        // Two FORMERRs per server, with the IDs of the queries they answer; nothing else came back.
        assertThat(replies).hasSize(8).allMatch(r -> r.endsWith("rcode=1 qr=true"));
        assertThat(replies).filteredOn(r -> r.contains("id=8738")).hasSize(4);
        assertThat(replies).filteredOn(r -> r.contains("id=13107")).hasSize(4);
        assertThat(events).filteredOn(e -> e.is(DnsEvents.MALFORMED)).hasSize(16)
                .extracting(e -> e.get(DnsEvents.REASON)).contains("short-header", "unparseable", "response-on-server-port");
        // And the servers still work.
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("status: NOERROR");
    }

    static DnsListener listenerOf(Node n) {
        if (n.service(Forwarder.class) != null) {
            return n.service(Forwarder.class).listener();
        }
        if (n.service(RecursiveResolver.class) != null) {
            return n.service(RecursiveResolver.class).listener();
        }
        return n.service(AuthoritativeServer.class).listener();
    }

    @Test
    void thousands_of_mutated_queries_never_break_a_server() throws Exception {
        Scenario s = ScenarioLoader.parse(dir.resolve("test.yaml").toString(), DnsWorlds.scenario(dir,
                "  - {at: 20s, on: laptop, run: \"dig shop.example.com\"}\n"));
        World w = WorldBuilder.build(s);
        Node laptop = w.node("laptop");
        UdpSocket sock = laptop.udp().open(5353);
        SplittableRandom rnd = new SplittableRandom(99);
        byte[] valid = DnsClient.newQuery(Name.fromConstantString("www.example.com."),
                Type.A, true, true).toWire();
        int[] servers = {Ip4.parse("192.168.1.1"), Ip4.parse("100.64.1.53"), Ip4.parse("198.41.0.4"),
                Ip4.parse("199.43.135.53")};
        for (int i = 0; i < 4000; i++) {
            byte[] b = Arrays.copyOf(valid, rnd.nextInt(valid.length + 8));
            for (int k = 0, flips = 1 + rnd.nextInt(4); k < flips && b.length > 0; k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            int server = servers[i % servers.length];
            w.sim().scheduleAt(1_000_000_000L + i * 2_000_000L, () -> sock.send(server, Dns.PORT, b));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScenarioRunner(s, w, new PrintStream(out, true, StandardCharsets.UTF_8), dir).run();
        long malformed = 0;
        for (Node n : List.of(w.node("home"), w.node("isp-dns"), w.node("a-root"), w.node("ns1"))) {
            malformed += listenerOf(n).malformed();
        }
        assertThat(malformed).isGreaterThan(100);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("status: NOERROR", "shops.example.org.");
    }
}
