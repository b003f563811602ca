package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;

import java.util.Arrays;

/**
 * The TCP options Minternet understands, parsed: MSS (RFC 9293 3.7.1), window scale and
 * timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018). Unknown options are skipped
 * by their length; NOP and EOL padding is accepted anywhere.
 *
 * <p>{@link #emit} lays options out the way Linux does, so captures look familiar: a SYN carries
 * {@code MSS, SACK_PERM, TS, NOP, WS}; a data segment {@code NOP, NOP, TS}, then
 * {@code NOP, NOP, SACK} when blocks are reported. Every option stays 32-bit aligned without EOL
 * padding.
 *
 * @param mss maximum segment size, 0 when absent
 * @param windowScale shift count 0-14, -1 when absent
 * @param sackBlocks (left, right) edge pairs, empty when none
 * @param timestamp whether the timestamps option is present
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, int[] sackBlocks,
                         boolean timestamp, int tsVal, int tsEcr) {

    /** RFC 7323 2.3: "the shift.cnt value ... MUST NOT exceed 14". */
    public static final int MAX_WINDOW_SCALE = 14;
    /** 40 option bytes leave room for 4 SACK blocks alone, 3 beside a timestamp (RFC 2018 3). */
    public static final int MAX_LENGTH = TcpPacket.MAX_HEADER - TcpPacket.MIN_HEADER;

    private static final int[] NO_BLOCKS = new int[0];
    public static final TcpOptions NONE = new TcpOptions(0, -1, false, NO_BLOCKS, false, 0, 0);

    public TcpOptions {
        if (sackBlocks == null) {
            sackBlocks = NO_BLOCKS;
        }
        if ((sackBlocks.length & 1) != 0) {
            throw new IllegalArgumentException("SACK blocks come as (left, right) pairs");
        }
        if (mss < 0 || mss > 0xffff) {
            throw new IllegalArgumentException("MSS " + mss + " out of range");
        }
        if (windowScale > MAX_WINDOW_SCALE || windowScale < -1) {
            throw new IllegalArgumentException("window scale " + windowScale + " out of range -1..14");
        }
    }

    /** Options carrying only a timestamp pair, as on most segments of a connection using RFC 7323. */
    public static TcpOptions timestamps(int tsVal, int tsEcr) {
        return new TcpOptions(0, -1, false, NO_BLOCKS, true, tsVal, tsEcr);
    }

    public int sackBlockCount() {
        return sackBlocks.length / 2;
    }

    public boolean isEmpty() {
        return mss == 0 && windowScale < 0 && !sackPermitted && sackBlocks.length == 0 && !timestamp;
    }

    /** Bytes {@link #emit} writes: always a multiple of 4. */
    public int length() {
        int n = 0;
        if (mss != 0) {
            n += 4;
        }
        if (timestamp) {
            n += 12; // (NOP NOP | SACK_PERM) + TS
        } else if (sackPermitted) {
            n += 4; // NOP NOP SACK_PERM
        }
        if (windowScale >= 0) {
            n += 4; // NOP WS
        }
        if (sackBlocks.length != 0) {
            n += 4 + 4 * sackBlocks.length; // NOP NOP SACK(2 + 8n)
        }
        return n;
    }

    /** Largest number of SACK blocks that fit beside the other options (RFC 2018 3). */
    public static int maxSackBlocks(boolean withTimestamp) {
        return withTimestamp ? 3 : 4;
    }

    /** Writes {@link #length()} bytes at {@code off}; returns the offset after them. */
    public int emit(byte[] b, int off) {
        if (length() > MAX_LENGTH) {
            throw new IllegalArgumentException("options need " + length() + " bytes, at most 40 fit");
        }
        int i = off;
        if (mss != 0) {
            b[i] = (byte) TcpPacket.OPT_MSS;
            b[i + 1] = 4;
            put16(b, i + 2, mss);
            i += 4;
        }
        if (timestamp) {
            if (sackPermitted) {
                b[i] = (byte) TcpPacket.OPT_SACK_PERMITTED;
                b[i + 1] = 2;
            } else {
                b[i] = (byte) TcpPacket.OPT_NOP;
                b[i + 1] = (byte) TcpPacket.OPT_NOP;
            }
            b[i + 2] = (byte) TcpPacket.OPT_TIMESTAMP;
            b[i + 3] = 10;
            put32(b, i + 4, tsVal);
            put32(b, i + 8, tsEcr);
            i += 12;
        } else if (sackPermitted) {
            b[i] = (byte) TcpPacket.OPT_NOP;
            b[i + 1] = (byte) TcpPacket.OPT_NOP;
            b[i + 2] = (byte) TcpPacket.OPT_SACK_PERMITTED;
            b[i + 3] = 2;
            i += 4;
        }
        if (windowScale >= 0) {
            b[i] = (byte) TcpPacket.OPT_NOP;
            b[i + 1] = (byte) TcpPacket.OPT_WSCALE;
            b[i + 2] = 3;
            b[i + 3] = (byte) windowScale;
            i += 4;
        }
        if (sackBlocks.length != 0) {
            b[i] = (byte) TcpPacket.OPT_NOP;
            b[i + 1] = (byte) TcpPacket.OPT_NOP;
            b[i + 2] = (byte) TcpPacket.OPT_SACK;
            b[i + 3] = (byte) (2 + 4 * sackBlocks.length);
            i += 4;
            for (int e : sackBlocks) {
                put32(b, i, e);
                i += 4;
            }
        }
        return i;
    }

    /**
     * Parses the {@code len} option bytes at {@code off}. Throws with a reason when an option
     * runs past the header or has a length its kind does not allow.
     */
    public static TcpOptions parse(byte[] b, int off, int len) throws MalformedPacketException {
        if (len == 0) {
            return NONE;
        }
        int mss = 0;
        int ws = -1;
        boolean sackOk = false;
        int[] blocks = NO_BLOCKS;
        boolean ts = false;
        int tsVal = 0;
        int tsEcr = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int kind = b[i] & 0xff;
            if (kind == TcpPacket.OPT_EOL) {
                break; // RFC 9293 3.1: the end of the option list; the rest is padding
            }
            if (kind == TcpPacket.OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                throw new MalformedPacketException("TCP option " + kind + " has no length byte");
            }
            int olen = b[i + 1] & 0xff;
            if (olen < 2) {
                throw new MalformedPacketException("TCP option " + kind + " has length " + olen + " below 2");
            }
            if (i + olen > end) {
                throw new MalformedPacketException("TCP option " + kind + " of length " + olen
                        + " runs past the end of the header");
            }
            switch (kind) {
                case TcpPacket.OPT_MSS -> {
                    expectLength("MSS", olen, 4);
                    // Treat a zero MSS as if the option were absent, like Linux does.
                    mss = u16(b, i + 2);
                }
                case TcpPacket.OPT_WSCALE -> {
                    expectLength("window scale", olen, 3);
                    // RFC 7323 2.3: a shift above 14 is used as 14.
                    ws = Math.min(b[i + 2] & 0xff, MAX_WINDOW_SCALE);
                }
                case TcpPacket.OPT_SACK_PERMITTED -> {
                    expectLength("SACK-permitted", olen, 2);
                    sackOk = true;
                }
                case TcpPacket.OPT_SACK -> {
                    if (olen < 10 || (olen - 2) % 8 != 0) {
                        throw new MalformedPacketException("SACK option length " + olen + " is not 2 + 8n with n >= 1");
                    }
                    int n = (olen - 2) / 8;
                    blocks = new int[2 * n];
                    for (int k = 0; k < 2 * n; k++) {
                        blocks[k] = u32(b, i + 2 + 4 * k);
                    }
                }
                case TcpPacket.OPT_TIMESTAMP -> {
                    expectLength("timestamps", olen, 10);
                    ts = true;
                    tsVal = u32(b, i + 2);
                    tsEcr = u32(b, i + 6);
                }
                default -> {
                    // Unknown option: skipped by its length (RFC 9293 3.2, MUST-6).
                }
            }
            i += olen;
        }
        return new TcpOptions(mss, ws, sackOk, blocks, ts, tsVal, tsEcr);
    }

    private static void expectLength(String name, int olen, int want) throws MalformedPacketException {
        if (olen != want) {
            throw new MalformedPacketException(name + " option length " + olen + ", expected " + want);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpOptions t && t.mss == mss && t.windowScale == windowScale
                && t.sackPermitted == sackPermitted && Arrays.equals(t.sackBlocks, sackBlocks)
                && t.timestamp == timestamp && t.tsVal == tsVal && t.tsEcr == tsEcr;
    }

    @Override
    public int hashCode() {
        return ((mss * 31 + windowScale) * 31 + Arrays.hashCode(sackBlocks)) * 31 + tsVal;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder("[");
        if (mss != 0) sb.append("mss ").append(mss).append(',');
        if (sackPermitted) sb.append("sackOK,");
        if (timestamp) sb.append("TS val ").append(Integer.toUnsignedString(tsVal))
                .append(" ecr ").append(Integer.toUnsignedString(tsEcr)).append(',');
        if (windowScale >= 0) sb.append("wscale ").append(windowScale).append(',');
        if (sackBlocks.length != 0) {
            sb.append("sack ").append(sackBlocks.length / 2);
            for (int k = 0; k < sackBlocks.length; k += 2) {
                sb.append(" {").append(Integer.toUnsignedString(sackBlocks[k])).append(':')
                        .append(Integer.toUnsignedString(sackBlocks[k + 1])).append('}');
            }
            sb.append(',');
        }
        sb.setLength(sb.length() - 1);
        return sb.append(']').toString();
    }
}
