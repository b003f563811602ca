package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.EventType;
import dev.minternet.wire.Ip4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-node stack: demultiplexing, listeners, resets, ports, path MTU. */
class TcpStackTest {
    static final LinkParams LINK = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(5);

    static final class Recorder implements TcpHandler {
        final List<String> events = new ArrayList<>();
        long connectedAt = -1;
        final Simulator sim;

        Recorder(Simulator sim) {
            this.sim = sim;
        }

        @Override
        public void onConnected(TcpConnection c) {
            connectedAt = sim.now();
            events.add("connected");
        }

        @Override
        public void onClosed(TcpConnection c, TcpError e) {
            events.add("closed" + (e == null ? "" : ":" + e.errno()));
        }
    }

    @Test
    void syn_to_a_closed_port_is_refused_with_rst() {
        World w = Paths.line(1, LINK);
        Recorder r = new Recorder(w.sim());
        w.node("a").tcp().connect(w.resolve("b"), 9999, r);
        w.sim().runUntil(Durations.S);
        assertThat(r.events).containsExactly("closed:ECONNREFUSED");
        assertThat(w.node("b").tcp().outResets()).isEqualTo(1);
        assertThat(w.node("a").tcp().connections()).isEmpty();
    }

    @Test
    void a_full_backlog_drops_the_syn_and_the_client_retries() {
        World w = Paths.line(1, LINK);
        w.node("b").tcp().defaults().syncookies(0); // with cookies (the default) see SynFloodTest
        TcpListener l = w.node("b").tcp().listen(0, 80, 1, new TcpConfig(), c -> { });
        Recorder first = new Recorder(w.sim());
        Recorder second = new Recorder(w.sim());
        w.node("a").tcp().connect(w.resolve("b"), 80, first);
        w.node("a").tcp().connect(w.resolve("b"), 80, second);
        w.sim().runUntil(5 * Durations.S);
        assertThat(l.overflows()).isEqualTo(1);
        assertThat(l.accepted()).isEqualTo(2);
        assertThat(first.connectedAt).isLessThan(Durations.S);
        assertThat(second.connectedAt).as("after the 1 s SYN retransmission").isGreaterThan(Durations.S);
    }

    @Test
    void ephemeral_ports_come_from_the_linux_range_and_repeat_with_the_seed() {
        List<Integer> first = ports(5);
        assertThat(first).allMatch(p -> p >= 32768 && p <= 60999);
        assertThat(new HashSet<>(first)).hasSize(first.size());
        assertThat(ports(5)).isEqualTo(first);
        assertThat(ports(6)).isNotEqualTo(first);
    }

    static List<Integer> ports(long seed) {
        World w = Paths.line(seed, LINK);
        w.node("b").tcp().listen(80, c -> { });
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ports.add(w.node("a").tcp().connect(w.resolve("b"), 80, TcpHandler.NONE).localPort());
        }
        return ports;
    }

    @Test
    void listening_twice_on_a_port_is_refused() {
        World w = Paths.line(1, LINK);
        w.node("b").tcp().listen(80, c -> { });
        assertThatThrownBy(() -> w.node("b").tcp().listen(80, c -> { })).hasMessage("Address already in use");
    }

    @Test
    void connect_to_an_unroutable_address_fails_on_the_routers_icmp_error() {
        World w = Paths.line(1, LINK, LINK);
        Recorder r = new Recorder(w.sim());
        w.node("a").tcp().connect(Ip4.parse("192.0.2.1"), 80, r);
        w.sim().runUntil(Durations.S);
        assertThat(r.events).containsExactly("closed:ENETUNREACH");
    }

    @Test
    void connect_without_any_route_fails_at_once() {
        World w = new World(1, Instant.EPOCH);
        Node lonely = w.addHost("lonely");
        assertThatThrownBy(() -> lonely.tcp().connect(Ip4.parse("192.0.2.1"), 80, TcpHandler.NONE))
                .hasMessage("Network is unreachable");
    }

    @Test
    void the_mss_follows_the_egress_mtu_and_path_mtu_discovery_lowers_it() {
        World w = Paths.line(2, LINK, LINK.withMtu(1000), LINK);
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(200_000, false, 3);
        TcpConnection c = w.node("a").tcp().connect(w.resolve("b"), 5001, sender);
        Set<EventType> types = new HashSet<>();
        w.trace().subscribe(e -> types.add(e.type()));
        w.sim().runUntil(20 * Durations.S);
        assertThat(types).contains(TcpEvents.PMTU);
        assertThat(c.mss()).as("1000 - 40 - 12 timestamp bytes").isEqualTo(948);
        assertThat(sink.received).isEqualTo(200_000);
        assertThat(sink.hex()).isEqualTo(sender.hex());
    }

    @Test
    void closed_connections_leave_the_table_after_time_wait() {
        World w = Paths.line(1, LINK);
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
        w.node("a").tcp().connect(w.resolve("b"), 5001, new Apps.BulkSender(10_000, false, 1));
        w.sim().runUntil(10 * Durations.S);
        Node a = w.node("a");
        Node b = w.node("b");
        assertThat(a.tcp().connections()).extracting(TcpConnection::state).containsExactly(TcpState.TIME_WAIT);
        assertThat(b.tcp().connections()).as("the passive closer ends in LAST-ACK, then CLOSED").isEmpty();
        w.sim().runUntil(80 * Durations.S);
        assertThat(a.tcp().connections()).isEmpty();
    }

    @Test
    void a_node_can_connect_to_itself() {
        World w = Paths.line(1, LINK);
        Node a = w.node("a");
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        a.tcp().listen(7000, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(1_000_000, false, 4);
        TcpConnection c = a.tcp().connect(w.resolve("a"), 7000, sender);
        w.sim().runUntil(5 * Durations.S);
        assertThat(c.mss()).as("no interface in the way: 65535 - 40 - 12").isEqualTo(65483);
        assertThat(sink.received).isEqualTo(1_000_000);
        assertThat(sink.hex()).isEqualTo(sender.hex());
    }
}
