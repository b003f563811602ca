package dev.minternet.bench;

import dev.minternet.tls.TlsClientContext;
import dev.minternet.tls.TlsConnection;
import dev.minternet.tls.TlsServerContext;
import dev.minternet.tls.WorldPki;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Full TLS 1.3 handshakes between one client and one server context in memory, one thread: the
 * cost the simulator pays per HTTPS connection (Ed25519 certificates, X25519 key exchange,
 * AES-GCM records, chain verification). Also records the flight sizes of the last handshake.
 */
public final class TlsHandshakeBench {
    private TlsHandshakeBench() {
    }

    /**
     * @param flights bytes per flight of the last handshake, alternating sides, starting with the
     *                client: ClientHello, server flight, client Finished, NewSessionTicket
     */
    /**
     * @param batchMedianPerCpuSecond the measured handshakes cut into {@link #BATCHES} batches, each
     *                                one's handshakes per CPU second, the median: steadier on a
     *                                shared machine than the whole run, which one slow stretch moves
     */
    public record Result(int handshakes, double wallSeconds, double cpuSeconds, List<Integer> flights,
                         double clientContextMicros, double batchMedianPerCpuSecond) {
        public double handshakesPerSecond() {
            return handshakes / wallSeconds;
        }

        /** Handshakes per second of this thread's CPU time: steadier than wall time on a shared machine. */
        public double handshakesPerCpuSecond() {
            return handshakes / cpuSeconds;
        }
    }

    /** How many batches the measured handshakes are cut into for the median. */
    public static final int BATCHES = 10;

    public static Result run(int handshakes, long seed) {
        Instant epoch = Instant.parse("2026-03-01T00:00:00Z");
        WorldPki pki = new WorldPki(seed, epoch);
        TlsClientContext client = TlsClientContext.builder(seed, "client").trustStore(pki.trustStore())
                .clock(() -> epoch).build();
        TlsServerContext server = TlsServerContext.builder(seed, "server").identity(pki.leaf("www.example.com")).build();
        List<Integer> flights = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int batch = Math.max(1, handshakes / BATCHES);
        List<Double> batchRates = new ArrayList<>();
        long batchCpu = cpu0;
        for (int i = 0; i < handshakes; i++) {
            flights.clear();
            TlsConnection c = client.connect("www.example.com");
            TlsConnection s = server.accept();
            boolean moved = true;
            while (moved) {
                moved = false;
                byte[] b = c.takeOutbound();
                if (b.length > 0) {
                    flights.add(b.length);
                    s.receive(b);
                    moved = true;
                }
                b = s.takeOutbound();
                if (b.length > 0) {
                    flights.add(b.length);
                    c.receive(b);
                    moved = true;
                }
            }
            if (c.state() != TlsConnection.State.ESTABLISHED || s.state() != TlsConnection.State.ESTABLISHED) {
                throw new IllegalStateException("handshake failed: " + c.failure() + " / " + s.failure());
            }
            if ((i + 1) % batch == 0) {
                long now = mx.getCurrentThreadCpuTime();
                batchRates.add(batch / Math.max(1e-9, (now - batchCpu) / 1e9));
                batchCpu = now;
            }
        }
        batchRates.sort(null);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        // What a world pays per host for its TLS client context (SSLContext + seeded random).
        int contexts = 200;
        long t1 = System.nanoTime();
        for (int i = 0; i < contexts; i++) {
            TlsClientContext.builder(seed, "client" + i).trustStore(pki.trustStore()).clock(() -> epoch).build();
        }
        double contextMicros = (System.nanoTime() - t1) / 1e3 / contexts;
        return new Result(handshakes, wall, cpu, List.copyOf(flights), contextMicros,
                batchRates.get(batchRates.size() / 2));
    }
}
