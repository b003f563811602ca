package dev.minternet.services.db;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;

import dev.minternet.wire.Checksum;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TEST-ONLY minimal TCP header builder, so that a pgwire byte stream can be written to a pcap
 * as a plausible TCP connection for tshark. It is not the project's TCP codec (that belongs to
 * the transport layer): a 20-byte header (no options), RFC 9293 section 3.1 layout, checksum
 * over the IPv4 pseudo-header, and bookkeeping of sequence and acknowledgement numbers for a
 * loss-free connection: three-way handshake, data segments of at most {@link #MSS} bytes with
 * ACK and PSH, and a FIN exchange.
 */
final class TestTcpSegments {
    static final int MSS = 1460;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    /** One captured datagram. */
    record Captured(long timeNs, byte[] datagram) {
    }

    private final int clientAddr;
    private final int clientPort;
    private final int serverAddr;
    private final int serverPort;
    private long clientSeq = 0x1000_0000L;
    private long serverSeq = 0x7000_0000L;
    private int ipId = 1;
    final List<Captured> packets = new ArrayList<>();

    TestTcpSegments(int clientAddr, int clientPort, int serverAddr, int serverPort) {
        this.clientAddr = clientAddr;
        this.clientPort = clientPort;
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
    }

    /** SYN, SYN-ACK, ACK at {@code timeNs}; each SYN consumes one sequence number. */
    void handshake(long timeNs) {
        segment(timeNs, true, SYN, new byte[0]);
        clientSeq++;
        segment(timeNs, false, SYN | ACK, new byte[0]);
        serverSeq++;
        segment(timeNs, true, ACK, new byte[0]);
    }

    /** Data from one side, cut into MSS-sized segments with ACK|PSH. */
    void data(long timeNs, boolean fromClient, byte[] payload) {
        for (int p = 0; p < payload.length; p += MSS) {
            byte[] part = Arrays.copyOfRange(payload, p, Math.min(payload.length, p + MSS));
            segment(timeNs, fromClient, ACK | PSH, part);
            if (fromClient) {
                clientSeq += part.length;
            } else {
                serverSeq += part.length;
            }
        }
    }

    /** FIN from the client, FIN-ACK from the server, last ACK. */
    void close(long timeNs) {
        segment(timeNs, true, FIN | ACK, new byte[0]);
        clientSeq++;
        segment(timeNs, false, FIN | ACK, new byte[0]);
        serverSeq++;
        segment(timeNs, true, ACK, new byte[0]);
    }

    private void segment(long timeNs, boolean fromClient, int flags, byte[] payload) {
        int src = fromClient ? clientAddr : serverAddr;
        int dst = fromClient ? serverAddr : clientAddr;
        long seq = fromClient ? clientSeq : serverSeq;
        long ack = (flags & ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0;
        byte[] tcp = new byte[20 + payload.length];
        put16(tcp, 0, fromClient ? clientPort : serverPort);
        put16(tcp, 2, fromClient ? serverPort : clientPort);
        put32(tcp, 4, (int) seq);
        put32(tcp, 8, (int) ack);
        tcp[12] = (byte) (5 << 4); // data offset: 5 words
        tcp[13] = (byte) flags;
        put16(tcp, 14, 65535); // window
        System.arraycopy(payload, 0, tcp, 20, payload.length);
        long sum = Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, tcp.length);
        put16(tcp, 16, Checksum.finish(Checksum.sum(tcp, 0, tcp.length, sum)));
        byte[] ip = Ipv4Repr.of(src, dst, Ipv4Packet.PROTO_TCP, 64, ipId++, true, tcp.length).build(tcp);
        packets.add(new Captured(timeNs, ip));
    }
}
