package dev.minternet.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a classic libpcap capture file with nanosecond timestamps, holding raw IP datagrams, so
 * that tcpdump, tshark and Wireshark can read what crossed a simulated interface.
 *
 * <p>Format (pcap-savefile(5); draft-ietf-opsawg-pcap sections 4 and 5), every field written
 * little-endian, which readers detect from the magic number:
 * <pre>
 * file header, 24 bytes:
 *   magic 0xa1b23c4d (nanosecond resolution) | version 2.4 | thiszone 0 | sigfigs 0
 *   snaplen 262144 | network 101 (LINKTYPE_RAW: each packet starts with an IPv4 or IPv6 header)
 * per packet, 16 bytes then the data:
 *   ts_sec (unsigned, seconds since 1970 UTC) | ts_nsec (0..999999999) | incl_len | orig_len
 * </pre>
 *
 * <p>A timestamp is {@code epoch + simTimeNs}: {@code epoch} is the simulated date of t=0, so a
 * run gives byte-identical files; nothing here reads the wall clock. A datagram longer than the
 * snapshot length ({@value #SNAPLEN} bytes unless the capture asks for fewer) is cut to it with its original length kept in
 * {@code orig_len}, as libpcap does. Output is buffered; {@link #close} flushes and closes the
 * stream. I/O errors surface as {@link UncheckedIOException}. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable {
    /** Magic number of a pcap file whose timestamps carry nanoseconds, not microseconds. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    /** libpcap's MAXIMUM_SNAPLEN, the snapshot length tcpdump captures by default. */
    public static final int SNAPLEN = 262144;
    /** LINKTYPE_RAW: packets begin with the IP header, no link-layer header. */
    public static final int LINKTYPE_RAW = 101;
    /** LINKTYPE_ETHERNET: packets begin with an Ethernet II (or 802.3) header; no FCS. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** LINKTYPE_LINUX_SLL2: Linux's cooked capture v2, what tcpdump -i any writes (a 20-byte header, then the network-layer packet). */
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** ts_sec is an unsigned 32-bit field: dates from 1970 to early 2106 fit. */
    private static final long MAX_SECONDS = 0xffff_ffffL;

    private final OutputStream out;
    private final long epochSeconds;
    private final int epochNanos;
    private final int snaplen;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    private long packets;
    private boolean closed;

    /**
     * Starts a capture on {@code out} and writes the file header.
     *
     * @param epoch the simulated date of t=0; must lie between 1970 and 2106
     */
    public PcapWriter(OutputStream out, Instant epoch) {
        this(out, epoch, LINKTYPE_RAW);
    }

    /** A capture of link type {@code linkType} ({@link #LINKTYPE_RAW} or {@link #LINKTYPE_ETHERNET}). */
    public PcapWriter(OutputStream out, Instant epoch, int linkType) {
        this(out, epoch, linkType, SNAPLEN);
    }

    /**
     * A capture of link type {@code linkType} keeping at most {@code snaplen} bytes of each packet
     * (tcpdump -s): the header's snaplen, each record's incl_len cut to it, orig_len the whole.
     */
    public PcapWriter(OutputStream out, Instant epoch, int linkType, int snaplen) {
        if (snaplen < 1 || snaplen > SNAPLEN) {
            throw new IllegalArgumentException("snaplen " + snaplen + " outside 1.." + SNAPLEN);
        }
        this.snaplen = snaplen;
        if (out == null || epoch == null) {
            throw new NullPointerException("out and epoch are required");
        }
        if (epoch.getEpochSecond() < 0 || epoch.getEpochSecond() > MAX_SECONDS) {
            throw new IllegalArgumentException("epoch " + epoch + " does not fit pcap's unsigned 32-bit seconds (1970-2106)");
        }
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.epochSeconds = epoch.getEpochSecond();
        this.epochNanos = epoch.getNano();
        header.clear();
        header.putInt(MAGIC_NANOS);
        header.putShort((short) VERSION_MAJOR);
        header.putShort((short) VERSION_MINOR);
        header.putInt(0); // thiszone: timestamps are UTC
        header.putInt(0); // sigfigs: always 0 in practice
        header.putInt(snaplen);
        header.putInt(linkType);
        put(header.array(), 24);
    }

    /** Creates (or truncates) the file at {@code path} and starts a capture in it. */
    public PcapWriter(Path path, Instant epoch) throws IOException {
        this(Files.newOutputStream(path), epoch);
    }

    /** Creates (or truncates) the file at {@code path} and starts a capture of link type {@code linkType} in it. */
    public PcapWriter(Path path, Instant epoch, int linkType) throws IOException {
        this(Files.newOutputStream(path), epoch, linkType);
    }

    /**
     * Appends one packet captured at simulated time {@code simTimeNs}: the first {@code length}
     * bytes of {@code datagram}, a raw IPv4 or IPv6 datagram.
     *
     * @throws IllegalArgumentException if the time is negative or past 2106, or the length does
     *     not fit the array
     */
    public void write(long simTimeNs, byte[] datagram, int length) {
        if (closed) {
            throw new IllegalStateException("pcap writer is closed");
        }
        if (simTimeNs < 0) {
            throw new IllegalArgumentException("negative simulated time " + simTimeNs);
        }
        if (length < 0 || length > datagram.length) {
            throw new IllegalArgumentException("length " + length + " outside the " + datagram.length + "-byte array");
        }
        long nanos = epochNanos + simTimeNs % NANOS_PER_SECOND;
        long seconds = epochSeconds + simTimeNs / NANOS_PER_SECOND + nanos / NANOS_PER_SECOND;
        nanos %= NANOS_PER_SECOND;
        if (seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("time " + simTimeNs + " ns after the epoch is past pcap's year-2106 limit");
        }
        int captured = Math.min(length, snaplen);
        header.clear();
        header.putInt((int) seconds);
        header.putInt((int) nanos);
        header.putInt(captured);
        header.putInt(length);
        put(header.array(), 16);
        try {
            out.write(datagram, 0, captured);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        packets++;
    }

    /** Appends a whole datagram. */
    public void write(long simTimeNs, byte[] datagram) {
        write(simTimeNs, datagram, datagram.length);
    }

    /** Packets written so far. */
    public long packets() {
        return packets;
    }

    /** Pushes buffered bytes to the underlying stream. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the underlying stream; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(byte[] b, int n) {
        try {
            out.write(b, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
