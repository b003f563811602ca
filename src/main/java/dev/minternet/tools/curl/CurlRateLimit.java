package dev.minternet.tools.curl;

import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.transport.tcp.TcpStreamSocket;

/**
 * {@code --limit-rate}: curl's pacing of a download (CURLOPT_MAX_RECV_SPEED_LARGE). curl reads
 * one buffer from the socket, then compares the bytes it has received with the rate times the
 * time since the transfer started; while it is ahead it does not read (its multi state
 * RATELIMITING), so the kernel's receive buffer fills, the advertised window shrinks and TCP
 * slows the sender. The average over the transfer so never exceeds the rate by more than one
 * buffer.
 *
 * <p>What is modelled: a {@link TcpStreamSocket.ReadGate} on the connection under TLS and HTTP,
 * installed once the request is sent (on a connection -L reuses too). Reads are at most 16 KiB (curl's default
 * CURLOPT_BUFFERSIZE); the next read waits until {@code start + read / rate}, where {@code start}
 * is when curl began the transfer (Curl_pgrsStartNow, before the name lookup) and {@code read}
 * the bytes read since the request went out. Simplifications: the bytes counted are the
 * connection's (response headers and TLS record overhead included, about 1.4%), where curl
 * counts body bytes only; uploads are not paced.
 *
 * <p>What the real curl 7.88.1 did on loopback (src/test/resources/reference/curl-7.88.1/
 * limitrate*.txt): it reads whatever the socket holds, up to 100 buffers, before it checks the
 * rate, so a 100 KB body already in the socket buffer came in 6 ms at {@code --limit-rate 10K}, and
 * one sent at 400 KB/s in 0.4 s instead of 0.24 s; curl 8 leaves its receive loop after one
 * buffer when a rate is set, which is what this models: 100 KB at 10K take about 10 s.
 */
final class CurlRateLimit implements TcpStreamSocket.ReadGate {
    /** curl's default receive buffer (CURL_MAX_WRITE_SIZE, 16 KiB): what one read takes at most. */
    static final int BUFFER = 16384;

    private final Simulator sim;
    private final TcpStreamSocket socket;
    private final long rate;
    private final long start;
    private final Timer resume;
    private long read;

    /** Paces reads from {@code socket} to {@code rate} bytes per second from simulated time {@code start}. */
    CurlRateLimit(Simulator sim, TcpStreamSocket socket, long rate, long start) {
        this.sim = sim;
        this.socket = socket;
        this.rate = rate;
        this.start = start;
        this.resume = new Timer(sim, socket::resumeReading);
        socket.setReadGate(this);
    }

    @Override
    public int allowance(int available) {
        long due = start + (long) Math.ceil(read * 1e9 / rate);
        if (sim.now() < due) {
            resume.setAt(due);
            return 0;
        }
        int n = Math.min(available, BUFFER);
        read += n;
        return n;
    }

    /** The TCP socket under {@code s} (itself, or under its TLS), or null. */
    static TcpStreamSocket tcpUnder(dev.minternet.transport.StreamSocket s) {
        if (s instanceof dev.minternet.tls.TlsStreamSocket t) {
            s = t.transport();
        }
        return s instanceof TcpStreamSocket t ? t : null;
    }

    /** Ends the pacing (the transfer is over): no timer left behind, a connection kept for -L reads freely. */
    void stop() {
        resume.cancel();
        socket.setReadGate(null);
    }
}
