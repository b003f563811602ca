package dev.minternet.ip;

import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import dev.minternet.wire.MalformedPacketException;
import java.io.ByteArrayOutputStream;

/**
 * RFC 791 fragmentation of an IPv4 datagram to an MTU: every fragment but the last carries a
 * multiple of 8 payload bytes; the first keeps all options, later ones only the options whose
 * copied flag is set. {@link IpStack} counts, traces, filters and sends each fragment.
 */
final class Fragmenter {
    /** Takes each fragment in order: its bytes and its header. */
    @FunctionalInterface
    interface Sink {
        void fragment(byte[] datagram, Ipv4Repr header);
    }

    private Fragmenter() {
    }

    /** Splits {@code d} into fragments of at most {@code mtu} bytes; nothing when it does not parse. */
    static void split(byte[] d, int mtu, Sink sink) {
        Ipv4Repr h;
        try {
            h = Ipv4Repr.parse(d, 0, d.length);
        } catch (MalformedPacketException e) {
            return; // validated on input or built by us: cannot happen
        }
        byte[] laterOptions = copiedOptions(h.options());
        int hl = Ipv4Packet.headerLength(d, 0);
        int payload = d.length - hl;
        int baseOffset = h.fragmentOffset();
        int pos = 0;
        boolean first = true;
        while (pos < payload) {
            byte[] opts = first ? h.options() : laterOptions;
            int fhl = Ipv4Packet.MIN_HEADER + ((opts.length + 3) & ~3);
            int room = (mtu - fhl) & ~7;
            int n = Math.min(room, payload - pos);
            boolean last = pos + n >= payload;
            Ipv4Repr fh = new Ipv4Repr(h.src(), h.dst(), h.protocol(), h.ttl(), h.tos(), h.identification(),
                    false, !last || h.moreFragments(), baseOffset + pos, n, opts);
            byte[] f = new byte[fh.totalLength()];
            fh.emit(f, 0);
            System.arraycopy(d, hl + pos, f, fhl, n);
            sink.fragment(f, fh);
            pos += n;
            first = false;
        }
    }

    /** The options a later fragment repeats: those whose copied flag is set (RFC 791 3.1). */
    static byte[] copiedOptions(byte[] opts) {
        if (opts.length == 0) {
            return opts;
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int i = 0;
        while (i < opts.length) {
            int type = opts[i] & 0xff;
            if (type == 0) {
                break;
            }
            if (type == 1) {
                i++;
                continue;
            }
            if (i + 1 >= opts.length) {
                break;
            }
            int len = opts[i + 1] & 0xff;
            if (len < 2 || i + len > opts.length) {
                break;
            }
            if ((type & 0x80) != 0) {
                o.write(opts, i, len);
            }
            i += len;
        }
        return o.toByteArray();
    }
}
