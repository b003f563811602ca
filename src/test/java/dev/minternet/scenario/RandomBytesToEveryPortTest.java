package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.BrowserEvents;
import dev.minternet.browser.VisitRun;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: whatever bytes arrive at a listening port of the default world, TCP or UDP, the
 * simulation goes on (no exception escapes an event) and the web still works afterwards: a visit
 * to https://www.example.com/ loads. Every listener of every node gets random bytes, alone and
 * after the first bytes of the protocols servers expect (an HTTP request line, a TLS record
 * header, the HTTP/2 preface, a PostgreSQL startup message), sent from the node itself (so no
 * firewall stands between) and from the laptop to the public load balancer.
 */
class RandomBytesToEveryPortTest {
    static final List<byte[]> PREFIXES = List.of(
            new byte[0],
            "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03},
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f},
            new byte[] {0, 0, 0, 0x28, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0});

    static byte[] garbage(SplittableRandom rnd) {
        byte[] prefix = PREFIXES.get(rnd.nextInt(PREFIXES.size()));
        byte[] tail = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 3000)];
        rnd.nextBytes(tail);
        byte[] out = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(tail, 0, out, prefix.length, tail.length);
        return out;
    }

    static final class Silent implements StreamSocket.Handler {
        @Override
        public void onData(StreamSocket s, byte[] data) {
        }
    }

    static int connected;

    static void tcp(World w, Node from, int addr, int port, SplittableRandom rnd) {
        byte[] first = garbage(rnd);
        byte[] second = garbage(rnd);
        boolean abort = rnd.nextBoolean();
        TcpStreamSocket.connect(from.tcp(), addr, port, s -> {
            connected++;
            s.setHandler(new Silent());
            s.send(first);
            w.sim().schedule(50 * Durations.MS, () -> {
                s.send(second);
                if (abort) {
                    s.abort();
                } else {
                    s.close();
                }
            });
        }, err -> { });
    }

    static void udp(Node from, int addr, int port, SplittableRandom rnd) {
        UdpSocket s = from.udp().open(0);
        for (int i = 0; i < 3; i++) {
            s.send(addr, port, garbage(rnd));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void random_bytes_on_every_listening_port_never_stop_the_world(long seed) throws ScenarioException {
        World w = WorldBuilder.build(DefaultWorld.load());
        SplittableRandom rnd = new SplittableRandom(seed);
        List<TraceEvent> loads = new ArrayList<>();
        w.trace().subscribe(e -> {
            if (e.isAny(BrowserEvents.PAGE_LOADED, BrowserEvents.FAILED)) {
                loads.add(e);
            }
        });
        w.sim().runUntil(500 * Durations.MS);
        connected = 0;
        int ports = 0;
        for (Node n : w.nodes()) {
            int addr = n.ip().primaryAddress();
            if (addr == 0) {
                continue;
            }
            for (Object o : n.tcp().sockets()) {
                if (o instanceof TcpListener l) {
                    tcp(w, n, addr, l.port(), rnd);
                    ports++;
                }
            }
            for (int port : n.udp().boundPorts()) {
                udp(n, addr, port, rnd);
                ports++;
            }
        }
        Node laptop = w.node("laptop");
        int lb = w.resolve("lb");
        for (int i = 0; i < 5; i++) {
            tcp(w, laptop, lb, 443, rnd);
        }
        assertThat(ports).as("listeners found").isGreaterThan(30);
        w.sim().runUntil(5 * Durations.S);
        assertThat(connected).as("connections that carried the bytes").isGreaterThan(20);

        VisitRun.play(w, laptop, List.of("https://www.example.com/"), 6 * Durations.S, Durations.S);
        assertThat(loads).hasSize(1);
        assertThat(loads.get(0).is(BrowserEvents.PAGE_LOADED)).as(loads.get(0).toString()).isTrue();
    }
}
