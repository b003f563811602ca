package dev.minternet.cli;

import dev.minternet.trace.JsonLinesReader;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP connections of one JSON-lines trace as {@code plot} draws them, read through the catalog
 * ({@link TcpEvents}): per connection end (its {@code conn} id, local&gt;remote), the sender's cwnd
 * and ssthresh from its {@code cwnd} events, its retransmissions from {@code retransmit}, the
 * payload it sent from its {@code send} segments, the throughput from the payload the peer
 * received per time bin, its congestion control from {@code options}; and the node behind each
 * address (the node that received segments for it), to name the flow
 * {@code laptop -> server:5001 (cubic)}.
 */
final class PlotTrace {
    /** One connection end and what the trace says of it. */
    static final class Flow {
        final String id;
        final String node;
        /** Its cwnd events (time ns, cwnd bytes), the last per millisecond. */
        final List<long[]> cwnd = new ArrayList<>();
        /** Its ssthresh while finite (time ns, bytes). */
        final List<long[]> ssthresh = new ArrayList<>();
        /** Its retransmissions (time ns, cwnd bytes then). */
        final List<long[]> retransmits = new ArrayList<>();
        final Map<Long, Long> receivedPerBin = new LinkedHashMap<>();
        String cc = "";
        long sentBytes;
        long first = Long.MAX_VALUE;
        long last;

        Flow(String id, String node) {
            this.id = id;
            this.node = node;
        }

        void saw(long t) {
            first = Math.min(first, t);
            last = Math.max(last, t);
        }

        /** A receiver (it only acknowledges) or an empty connection: it sent no payload. */
        boolean sentNothing() {
            return sentBytes == 0;
        }

        String local() {
            return id.substring(0, id.indexOf('>'));
        }

        String remote() {
            return id.substring(id.indexOf('>') + 1);
        }
    }

    final Path path;
    final Map<String, Flow> flows = new LinkedHashMap<>();
    /** The node behind each address, from the nodes that received segments sent to it. */
    final Map<String, String> nodeOf = new LinkedHashMap<>();
    final long binNs;
    /** The key in {@link #flows} of each connection id (the first node's, should two nodes use one id). */
    private final Map<String, String> keyOfId = new LinkedHashMap<>();

    private PlotTrace(Path path, long binNs) {
        this.path = path;
        this.binNs = binNs;
    }

    /** Reads {@code path}; only connection ends on {@code node} (when given) whose id contains {@code conn} (when given). */
    static PlotTrace read(Path path, long binNs, String node, String conn) throws IOException {
        PlotTrace t = new PlotTrace(path, binNs);
        JsonLinesReader.read(path, EventCatalogs.schema(), e -> t.add(e, node, conn));
        return t;
    }

    private void add(TraceEvent e, String node, String conn) {
        if (e.isAny(TcpEvents.CWND, TcpEvents.RETRANSMIT, TcpEvents.OPTIONS)) {
            String id = e.get(TcpEvents.CONN);
            if (id == null || id.indexOf('>') < 0 || (node != null && !e.node().equals(node)) || (conn != null && !id.contains(conn))) {
                return;
            }
            Flow f = flows.computeIfAbsent(e.node() + " " + id, k -> {
                keyOfId.putIfAbsent(id, k);
                return new Flow(id, e.node());
            });
            if (e.is(TcpEvents.OPTIONS)) {
                f.cc = e.has(TcpEvents.CC) ? e.get(TcpEvents.CC) : "";
                return;
            }
            f.saw(e.time());
            long cwnd = e.num(TcpEvents.CWND_BYTES);
            if (e.is(TcpEvents.RETRANSMIT)) {
                f.retransmits.add(new long[] {e.time(), cwnd});
                return;
            }
            long[] lastPoint = f.cwnd.isEmpty() ? null : f.cwnd.get(f.cwnd.size() - 1);
            if (lastPoint != null && lastPoint[0] / 1_000_000 == e.time() / 1_000_000) {
                lastPoint[1] = cwnd; // keep the last value per ms
            } else {
                f.cwnd.add(new long[] {e.time(), cwnd});
            }
            long ss = e.num(TcpEvents.SSTHRESH);
            if (ss >= 0 && (f.ssthresh.isEmpty() || f.ssthresh.get(f.ssthresh.size() - 1)[1] != ss)) {
                f.ssthresh.add(new long[] {e.time(), ss});
            }
        } else if (e.is(TcpEvents.RECEIVE)) {
            nodeOf.putIfAbsent(e.get(TcpEvents.DST), e.node());
            long len = e.num(TcpEvents.LEN);
            if (len > 0) {
                // The sender's id: its address:port > ours (behind a NAT the sender's own id has its inside address).
                Flow f = flows.get(senderKey(e));
                if (f != null) {
                    f.saw(e.time());
                    f.receivedPerBin.merge(e.time() / binNs, len, Long::sum);
                }
            }
        } else if (e.is(TcpEvents.SEND) && e.num(TcpEvents.LEN) > 0) {
            Flow f = flows.get(e.node() + " " + e.get(TcpEvents.SRC) + ":" + e.num(TcpEvents.SPORT) + ">" + e.get(TcpEvents.DST) + ":"
                    + e.num(TcpEvents.DPORT));
            if (f != null) {
                f.sentBytes += e.num(TcpEvents.LEN);
            }
        }
    }

    /**
     * The key of the flow whose payload {@code received} carries, when that sender's cwnd is in the
     * trace: the ids match end to end (a NAT between them rewrites the sender's address, and its
     * throughput is then not drawn).
     */
    private String senderKey(TraceEvent received) {
        return keyOfId.getOrDefault(received.get(TcpEvents.SRC) + ":" + received.num(TcpEvents.SPORT) + ">" + received.get(TcpEvents.DST)
                + ":" + received.num(TcpEvents.DPORT), "");
    }

    /** "laptop -> server:5001 (cubic)": the sender's node, the peer's node (or address) and port, the algorithm. */
    String label(Flow f) {
        String remote = f.remote();
        int colon = remote.lastIndexOf(':');
        String peer = nodeOf.getOrDefault(remote.substring(0, colon), remote.substring(0, colon));
        return f.node + " -> " + peer + remote.substring(colon) + (f.cc.isEmpty() ? "" : " (" + f.cc + ")");
    }
}
