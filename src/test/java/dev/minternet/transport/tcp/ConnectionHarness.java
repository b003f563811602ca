package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.FIN;
import static dev.minternet.wire.TcpPacket.PSH;
import static dev.minternet.wire.TcpPacket.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures of the segment-level tests (ns-3's reusable TCP harness, in the smoltcp style):
 * one connection driven by hand-made segments, timers and user calls through a {@link FakeEnv},
 * with every segment it sends checked by the test, and helpers that bring it to each state.
 */
abstract class ConnectionHarness {
    static final int LOCAL = Ip4.parse("10.0.0.1");
    static final int REMOTE = Ip4.parse("10.0.0.2");
    static final int LOCAL_PORT = 80;
    static final int REMOTE_PORT = 49500;
    static final int LOCAL_SEQ = 10000;
    /** Close to 2^32, so the tests cross the sequence number wrap. */
    static final int REMOTE_SEQ = 0xfffffff0;
    static final int MSS = 1460;
    static final long MS = Durations.MS;

    final FakeEnv env = new FakeEnv();
    final Recorder app = new Recorder();

    // ---------------------------------------------------------------- fixtures

    static final class Recorder implements TcpHandler {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean autoRead = true;
        TcpError error;

        @Override
        public void onConnected(TcpConnection c) {
            events.add("connected");
        }

        @Override
        public void onReadable(TcpConnection c) {
            events.add("readable");
            if (autoRead) {
                byte[] b = new byte[c.available()];
                c.read(b, 0, b.length);
                data.writeBytes(b);
            }
        }

        @Override
        public void onWritable(TcpConnection c) {
            events.add("writable");
        }

        @Override
        public void onPeerClosed(TcpConnection c) {
            events.add("peer-closed");
        }

        @Override
        public void onClosed(TcpConnection c, TcpError e) {
            events.add("closed" + (e == null ? "" : ":" + e.errno()));
            error = e;
        }
    }

    static TcpConfig cfg() {
        return new TcpConfig();
    }

    TcpConnection socket(TcpConfig cfg) {
        TcpConnection c = new TcpConnection(env, cfg, LOCAL, LOCAL_PORT, REMOTE, REMOTE_PORT, MSS, LOCAL_SEQ, 1000);
        c.setHandler(app);
        return c;
    }

    static TcpRepr seg(int flags, int seq, int ack) {
        return seg(flags, seq, ack, 65535);
    }

    static TcpRepr seg(int flags, int seq, int ack, int window) {
        return TcpRepr.control(REMOTE_PORT, LOCAL_PORT, seq, ack, flags, window, null);
    }

    static TcpRepr data(int seq, int ack, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seq + i);
        }
        return TcpRepr.withData(REMOTE_PORT, LOCAL_PORT, seq, ack, ACK | PSH, 65535, null, b);
    }

    static TcpRepr withOptions(TcpRepr s, TcpOptions o) {
        return new TcpRepr(s.srcPort(), s.dstPort(), s.seq(), s.ack(), s.flags(), s.window(), 0, o,
                s.payload(), s.payloadOffset(), s.payloadLength());
    }

    static TcpRepr sack(int ack, int... blocks) {
        return withOptions(seg(ACK, REMOTE_SEQ + 1, ack), new TcpOptions(0, -1, false, blocks, false, 0, 0));
    }

    TcpRepr recv() {
        TcpRepr s = env.sent.poll();
        assertThat(s).as("a segment was sent").isNotNull();
        return s;
    }

    void recvNothing() {
        assertThat(env.sent).as("no segment sent").isEmpty();
    }

    static TcpOptions synAckOptions(boolean sack) {
        return new TcpOptions(MSS, -1, sack, null, false, 0, 0);
    }

    /** An actively opened connection whose peer offered MSS 1460 and, optionally, SACK. */
    TcpConnection established(TcpConfig cfg, boolean sack) {
        TcpConnection c = socket(cfg);
        c.connect();
        recv();
        env.now += 10 * MS;
        c.receive(withOptions(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1), synAckOptions(sack)));
        TcpRepr a = recv();
        assertThat(a.flags()).isEqualTo(ACK);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        app.events.clear();
        env.trace.clear();
        return c;
    }

    TcpConnection established() {
        return established(cfg(), false);
    }

    TcpConnection listening() {
        TcpConnection c = socket(cfg());
        c.listen();
        return c;
    }

    TcpConnection synReceived() {
        TcpConnection c = listening();
        c.receive(withOptions(seg(SYN, REMOTE_SEQ, 0), synAckOptions(false)));
        TcpRepr synAck = recv();
        assertThat(synAck.flags()).isEqualTo(SYN | ACK);
        return c;
    }

    /** ESTABLISHED, then our FIN sent: FIN-WAIT-1. */
    TcpConnection finWait1() {
        TcpConnection c = established();
        c.close();
        TcpRepr fin = recv();
        assertThat(fin.flags()).isEqualTo(FIN | ACK);
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_1);
        return c;
    }

    TcpConnection finWait2() {
        TcpConnection c = finWait1();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_2);
        return c;
    }

    TcpConnection closeWait() {
        TcpConnection c = established();
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        recv();
        assertThat(c.state()).isEqualTo(TcpState.CLOSE_WAIT);
        return c;
    }

    TcpConnection lastAck() {
        TcpConnection c = closeWait();
        c.close();
        TcpRepr fin = recv();
        assertThat(fin.flags()).isEqualTo(FIN | ACK);
        assertThat(c.state()).isEqualTo(TcpState.LAST_ACK);
        return c;
    }

    TcpConnection closing() {
        TcpConnection c = finWait1();
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(c.state()).isEqualTo(TcpState.CLOSING);
        recv();
        return c;
    }

    TcpConnection timeWait() {
        TcpConnection c = finWait2();
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
        TcpRepr a = recv();
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 2);
        return c;
    }
}
