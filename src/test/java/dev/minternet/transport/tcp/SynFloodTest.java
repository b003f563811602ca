package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpStack;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listen queues under a SYN flood (Linux tcp_conn_request): the SYN queue bounded by the backlog,
 * SYN,ACK retransmissions of its entries, and SYN cookies (RFC 4987 3.6) once it overflows.
 */
class SynFloodTest {
    static final LinkParams LINK = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(5);
    static final int BACKLOG = 16;

    /** A SYN from a spoofed source, sent raw by {@code from} (what a flood tool does with a raw socket). */
    static void spoofedSyn(Node from, int spoofedSrc, int sport, int dst, int dport, int seq, TcpOptions o) {
        TcpRepr syn = TcpRepr.control(sport, dport, seq, 0, TcpPacket.SYN, 64240, o);
        byte[] d = IpStack.allocate(syn.length());
        syn.emit(d, IpStack.HEADER_ROOM, spoofedSrc, dst);
        from.ip().output(d, spoofedSrc, dst, Ipv4Packet.PROTO_TCP, 64, false);
    }

    static final TcpOptions LINUX_SYN = new TcpOptions(1460, 7, true, null, true, 12345, 0);

    /** {@code perSecond} spoofed SYNs from 198.18.0.0/15 until {@code until}. */
    static void flood(World w, int perSecond, long until) {
        Node a = w.node("a");
        int dst = w.resolve("b");
        long gap = Durations.S / perSecond;
        int[] n = {0};
        for (long t = 0; t < until; t += gap) {
            w.sim().scheduleAt(t, () -> {
                int k = n[0]++;
                spoofedSyn(a, Ip4.parse("198.18.0.0") + 1 + k, 1024 + k % 60000, dst, 80, 0x1000_0000 + k * 7919, LINUX_SYN);
            });
        }
    }

    static final class Client implements TcpHandler {
        long connectedAt = -1;
        final World w;

        Client(World w) {
            this.w = w;
        }

        @Override
        public void onConnected(TcpConnection c) {
            connectedAt = w.sim().now();
        }
    }

    static World world(int syncookies) {
        World w = Paths.line(7, LINK);
        w.node("b").tcp().defaults().syncookies(syncookies);
        return w;
    }

    @Test
    void without_cookies_a_backlog_full_of_spoofed_syns_keeps_a_legitimate_client_out() {
        World w = world(0);
        TcpListener l = w.node("b").tcp().listen(0, 80, BACKLOG, new TcpConfig(), c -> { });
        flood(w, 100, 20 * Durations.S);
        Client legit = new Client(w);
        w.sim().scheduleAt(2 * Durations.S, () -> w.node("a").tcp().connect(w.resolve("b"), 80, legit));
        w.sim().runUntil(20 * Durations.S);
        assertThat(legit.connectedAt).as("SYNs at 2, 3, 5, 9 and 17 s all found the queue full").isEqualTo(-1);
        assertThat(l.pending()).isEqualTo(BACKLOG);
        assertThat(l.overflows()).isGreaterThan(1900);
        assertThat(l.cookiesSent()).isZero();
        assertThat(l.accepted()).isZero();
    }

    @Test
    void with_cookies_the_legitimate_client_connects_in_one_round_trip_despite_the_flood() {
        World w = world(1);
        TcpListener l = w.node("b").tcp().listen(0, 80, BACKLOG, new TcpConfig(), c -> { });
        flood(w, 100, 20 * Durations.S);
        Client legit = new Client(w);
        w.sim().scheduleAt(2 * Durations.S, () -> w.node("a").tcp().connect(w.resolve("b"), 80, legit));
        w.sim().runUntil(20 * Durations.S);
        assertThat(legit.connectedAt - 2 * Durations.S).isBetween(10 * Durations.MS, 11 * Durations.MS);
        assertThat(l.pending()).as("the queue stays full of spoofed entries").isEqualTo(BACKLOG);
        assertThat(l.cookiesReceived()).isEqualTo(1);
        assertThat(l.cookiesSent()).isGreaterThan(1900);
        assertThat(l.overflows()).isZero();
        assertThat(l.accepted()).isEqualTo(1);
    }

    @Test
    void a_cookie_connection_keeps_window_scale_and_sack_through_the_timestamp_and_carries_data() {
        World w = world(2); // cookies for every SYN
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        List<TcpConnection> accepted = new ArrayList<>();
        TcpListener l = w.node("b").tcp().listen(0, 80, BACKLOG, new TcpConfig(), c -> {
            accepted.add(c);
            c.setHandler(sink);
        });
        Apps.BulkSender sender = new Apps.BulkSender(300_000, true, 3);
        TcpConnection client = w.node("a").tcp().connect(w.resolve("b"), 80, sender);
        w.sim().runUntil(5 * Durations.S);
        assertThat(l.cookiesSent()).isEqualTo(1);
        assertThat(l.cookiesReceived()).isEqualTo(1);
        assertThat(accepted).hasSize(1);
        TcpConnection server = accepted.get(0);
        assertThat(server.iss()).isEqualTo(client.irs());
        assertThat(server.sackEnabled()).isTrue();
        assertThat(server.timestampsEnabled()).isTrue();
        assertThat(server.sendWindowScale()).isEqualTo(client.receiveWindowScale());
        assertThat(server.mss()).as("msstab 1460 less the timestamp option").isEqualTo(1448);
        assertThat(sink.received).isEqualTo(300_000);
    }

    @Test
    void without_timestamps_a_cookie_loses_window_scale_and_sack_as_on_linux() {
        World w = world(2);
        w.node("a").tcp().defaults().timestamps(false);
        w.node("b").tcp().listen(0, 80, BACKLOG, new TcpConfig(), c -> { });
        TcpConnection client = w.node("a").tcp().connect(w.resolve("b"), 80, TcpHandler.NONE);
        w.sim().runUntil(Durations.S);
        TcpConnection server = w.node("b").tcp().connections().get(0);
        assertThat(server.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(client.sackEnabled()).isFalse();
        assertThat(client.sendWindowScale()).isZero();
        assertThat(server.sackEnabled()).isFalse();
        assertThat(server.receiveWindowScale()).isZero();
        assertThat(server.mss()).isEqualTo(1460);
    }

    @Test
    void a_forged_ack_fails_the_cookie_check_and_is_reset() {
        World w = world(1);
        TcpListener l = w.node("b").tcp().listen(0, 80, BACKLOG, new TcpConfig(), c -> { });
        flood(w, 100, Durations.S); // the queue overflows: cookies are checked for 2 minutes
        List<TcpRepr> fromB = new ArrayList<>();
        Node a = w.node("a");
        int b = w.resolve("b");
        w.sim().scheduleAt(2 * Durations.S, () -> {
            for (int k = 0; k < 50; k++) {
                TcpRepr ack = TcpRepr.control(40000 + k, 80, 5000 + k, 0x2345_6789 + k * 104729, TcpPacket.ACK, 502, null);
                byte[] d = IpStack.allocate(ack.length());
                ack.emit(d, IpStack.HEADER_ROOM, a.ip().sourceAddressFor(b), b);
                a.ip().output(d, a.ip().sourceAddressFor(b), b, Ipv4Packet.PROTO_TCP, 64, false);
            }
        });
        w.sim().runUntil(3 * Durations.S);
        assertThat(l.cookiesFailed()).isEqualTo(50);
        assertThat(l.cookiesReceived()).isZero();
        assertThat(w.node("b").tcp().connections()).allMatch(c -> c.state() == TcpState.SYN_RECEIVED);
        assertThat(w.node("b").tcp().outResets()).isEqualTo(50);
    }

    @Test
    void the_cookie_check_takes_its_own_and_the_previous_minute_and_refuses_a_changed_tuple() {
        SynCookies sc = new SynCookies(new java.util.SplittableRandom(1));
        int s = Ip4.parse("192.0.2.7");
        int d = Ip4.parse("203.0.113.80");
        long t0 = 90 * Durations.S;
        int cookie = sc.isn(t0, s, d, 40000, 80, 0xdeadbeef, 2);
        assertThat(sc.check(t0, s, d, 40000, 80, 0xdeadbeef, cookie)).isEqualTo(2);
        assertThat(sc.check(t0 + 60 * Durations.S, s, d, 40000, 80, 0xdeadbeef, cookie)).isEqualTo(2);
        assertThat(sc.check(t0 + 120 * Durations.S, s, d, 40000, 80, 0xdeadbeef, cookie)).as("too old").isEqualTo(-1);
        assertThat(sc.check(t0, s, d, 40001, 80, 0xdeadbeef, cookie)).isEqualTo(-1);
        assertThat(sc.check(t0, s + 1, d, 40000, 80, 0xdeadbeef, cookie)).isEqualTo(-1);
        assertThat(sc.check(t0, s, d, 40000, 80, 0x12345678, cookie)).isEqualTo(-1);
        assertThat(SynCookies.mssIndex(1460)).isEqualTo(3);
        assertThat(SynCookies.mssIndex(1400)).isEqualTo(1);
        assertThat(SynCookies.mssIndex(536)).isZero();
        int ts = SynCookies.encodeTimestamp(1_000_000, 7, true);
        assertThat(ts).isLessThanOrEqualTo(1_000_000);
        assertThat(SynCookies.decodeWscale(ts)).isEqualTo(7);
        assertThat(SynCookies.decodeSack(ts)).isTrue();
        assertThat(SynCookies.decodeWscale(SynCookies.encodeTimestamp(5, -1, false))).isEqualTo(-1);
    }

    @Test
    void a_syn_queue_entry_retransmits_its_syn_ack_five_times_doubling_from_1s_then_is_dropped() {
        World w = world(1);
        TcpListener l = w.node("b").tcp().listen(0, 80, BACKLOG, new TcpConfig(), c -> { });
        List<Long> synAcks = new ArrayList<>();
        w.sim().scheduleAt(0, () -> spoofedSyn(w.node("a"), Ip4.parse("198.18.0.1"), 1234, w.resolve("b"), 80, 1, LINUX_SYN));
        w.trace().subscribe(e -> {
            if (e.is(TcpEvents.SEND) && e.node().equals("b") && e.get(TcpEvents.FLAGS).equals("SYN,ACK")) {
                synAcks.add(e.time());
            }
        });
        w.sim().runUntil(30 * Durations.S);
        assertThat(l.pending()).isEqualTo(1);
        w.sim().runUntil(70 * Durations.S);
        assertThat(l.pending()).isZero();
        assertThat(synAcks).hasSize(6);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < synAcks.size(); i++) {
            gaps.add((synAcks.get(i) - synAcks.get(i - 1)) / Durations.S);
        }
        assertThat(gaps).containsExactly(1L, 2L, 4L, 8L, 16L);
    }

    @Test
    void without_cookies_the_last_quarter_of_tcp_max_syn_backlog_is_kept_for_proven_peers_so_dropped_here() {
        World w = world(0);
        w.node("b").tcp().defaults().maxSynBacklog(16);
        TcpListener l = w.node("b").tcp().listen(0, 80, 128, new TcpConfig(), c -> { });
        flood(w, 100, Durations.S);
        w.sim().runUntil(Durations.S);
        assertThat(l.pending()).as("16 - 13 < 16 / 4").isEqualTo(13);
        assertThat(l.overflows()).isEqualTo(100 - 13);
        assertThat(w.node("b").tcp().listenDrops()).isEqualTo(100 - 13);
    }

    @Test
    void somaxconn_caps_the_backlog_and_ss_shows_the_accept_queue_and_backlog_as_linux() {
        World w = world(1);
        w.node("b").tcp().defaults().somaxconn(64);
        TcpListener l = w.node("b").tcp().listen(0, 80, 511, new TcpConfig(), c -> { });
        assertThat(l.backlog()).isEqualTo(64);
    }
}
