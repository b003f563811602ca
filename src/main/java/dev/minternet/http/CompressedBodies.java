package dev.minternet.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compressed bodies of whole responses, kept by their coding and their bytes: a web server sends
 * the same page and the same scripts to every visitor, and gzip and Brotli at fixed settings give
 * the same bytes for the same input every time, so compressing again changes nothing but the CPU
 * spent (2-3 % of a live visit's, on the events that answer a request). The key also holds the
 * lengths of the pieces the body came in, since a streaming encoder's output may depend on them.
 * Bounded by entries and bytes, least recently used out; bodies over {@link #MAX_BODY} are
 * compressed every time. One cache per compressor configuration: {@link HttpServer.TextCompressor}'s.
 */
final class CompressedBodies {
    static final int MAX_BODY = 256 * 1024;
    private static final int MAX_ENTRIES = 256;
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final Map<ByteBuffer, byte[]> DONE = new LinkedHashMap<>(64, 0.75f, true);
    private static long bytes;

    private CompressedBodies() {
    }

    /** Opens the real encoder channel for the coding (only when the body is not cached). */
    interface Encoder {
        EmbeddedChannel open() throws Exception;
    }

    /**
     * An encoder channel for {@code HttpContentEncoder} that gives what the real encoder channel
     * for {@code coding} would give for the whole body, from the cache when the same body was
     * compressed before (then the real encoder is never made). It emits the compressed bytes when
     * finished, which a full response's encoding merges into one piece anyway
     * ({@code TextCompressor.encode}).
     */
    static EmbeddedChannel memo(String coding, Encoder real) {
        return new EmbeddedChannel(new Memo(coding, real));
    }

    private static byte[] get(ByteBuffer key) {
        synchronized (DONE) {
            return DONE.get(key);
        }
    }

    private static void put(ByteBuffer key, byte[] out) {
        synchronized (DONE) {
            if (DONE.put(key, out) == null) {
                bytes += key.capacity() + out.length;
            }
            Iterator<Map.Entry<ByteBuffer, byte[]>> it = DONE.entrySet().iterator();
            while ((DONE.size() > MAX_ENTRIES || bytes > MAX_BYTES) && it.hasNext()) {
                Map.Entry<ByteBuffer, byte[]> e = it.next();
                bytes -= e.getKey().capacity() + e.getValue().length;
                it.remove();
            }
        }
    }

    /** Takes the body's pieces, and on close writes the compressed body (cached or made by {@code real}). */
    private static final class Memo extends ChannelOutboundHandlerAdapter {
        private final String coding;
        private final Encoder real;
        private final List<byte[]> pieces = new ArrayList<>();
        private int length;

        Memo(String coding, Encoder real) {
            this.coding = coding;
            this.real = real;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf b)) {
                ctx.write(msg, promise);
                return;
            }
            try {
                byte[] piece = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), piece);
                pieces.add(piece);
                length += piece.length;
            } finally {
                b.release();
            }
            promise.setSuccess();
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            byte[] out = length <= MAX_BODY ? get(key()) : null;
            if (out == null) {
                out = compress();
                if (length <= MAX_BODY) {
                    put(key(), out);
                }
            }
            if (out.length > 0) {
                ctx.write(Unpooled.wrappedBuffer(out));
            }
            ctx.flush();
            ctx.close(promise);
        }

        private ByteBuffer key() {
            byte[] name = coding.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer k = ByteBuffer.allocate(name.length + 1 + 4 + 4 * pieces.size() + length);
            k.put(name).put((byte) 0).putInt(pieces.size());
            for (byte[] p : pieces) {
                k.putInt(p.length);
            }
            for (byte[] p : pieces) {
                k.put(p);
            }
            return k.flip();
        }

        /** What the real encoder makes of the pieces, written one by one as they came, then finished. */
        private byte[] compress() throws Exception {
            EmbeddedChannel encoder = real.open();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] p : pieces) {
                encoder.writeOutbound(Unpooled.wrappedBuffer(p));
                drain(encoder, all);
            }
            encoder.finish();
            drain(encoder, all);
            return all.toByteArray();
        }

        private static void drain(EmbeddedChannel encoder, ByteArrayOutputStream all) {
            for (ByteBuf b; (b = encoder.readOutbound()) != null; ) {
                try {
                    byte[] chunk = new byte[b.readableBytes()];
                    b.getBytes(b.readerIndex(), chunk);
                    all.write(chunk, 0, chunk.length);
                } finally {
                    b.release();
                }
            }
        }
    }
}
