package dev.minternet.tls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.bouncycastle.tls.ByteQueue;
import org.bouncycastle.tls.ByteQueueInputStream;
import org.bouncycastle.tls.ByteQueueOutputStream;
import org.bouncycastle.tls.TlsProtocol;

/**
 * Lets an idle TLS connection hold no buffers, as an idle socket holds none in Linux (its memory is
 * per packet): BouncyCastle's engine keeps, for the life of a non-blocking connection, three queues
 * whose arrays only grow (the records received but not yet decoded, the application data decoded
 * but not yet read, the records to send), 512 B to 2 KiB each once a page has gone through. Once a
 * step leaves a queue empty and its array is small, the queue lets the array go (BouncyCastle's own
 * {@link ByteQueue#shrink}, which it calls for its handshake queue at the end of a handshake); the
 * next bytes allocate a new one. Larger arrays (a bulk transfer's) are kept, so a flow does not
 * reallocate at every record. Nothing the engine computes or sends changes.
 *
 * <p>The queues are the engine's fields, reached through var handles (the engine is on the class
 * path, in the unnamed module); if a BouncyCastle version renames one, that one is simply kept.
 */
final class IdleBuffers {
    /** Arrays up to this size are let go when empty (the TCP buffers' rule too). */
    static final int DROP_WHEN_EMPTY = 4096;

    private static final VarHandle APPLICATION_DATA = field(TlsProtocol.class, "applicationDataQueue", ByteQueue.class);
    private static final VarHandle INPUT = field(TlsProtocol.class, "inputBuffers", ByteQueueInputStream.class);
    private static final VarHandle OUTPUT = field(TlsProtocol.class, "outputBuffer", ByteQueueOutputStream.class);
    private static final VarHandle INPUT_QUEUE = field(ByteQueueInputStream.class, "buffer", ByteQueue.class);
    private static final VarHandle DATA = field(ByteQueue.class, "databuf", byte[].class);

    private IdleBuffers() {
    }

    /** Lets the engine's empty queues drop their small arrays. */
    static void release(TlsProtocol p) {
        if (APPLICATION_DATA != null) {
            shrink((ByteQueue) APPLICATION_DATA.get(p));
        }
        if (INPUT != null && INPUT_QUEUE != null && INPUT.get(p) instanceof ByteQueueInputStream in) {
            shrink((ByteQueue) INPUT_QUEUE.get(in));
        }
        if (OUTPUT != null && OUTPUT.get(p) instanceof ByteQueueOutputStream out) {
            shrink(out.getBuffer());
        }
    }

    /** The bytes of array the engine's three queues hold (for tests); -1 when a queue is out of reach. */
    static int held(TlsProtocol p) {
        if (APPLICATION_DATA == null || INPUT == null || INPUT_QUEUE == null || OUTPUT == null || DATA == null) {
            return -1;
        }
        int n = length((ByteQueue) APPLICATION_DATA.get(p));
        if (INPUT.get(p) instanceof ByteQueueInputStream in) {
            n += length((ByteQueue) INPUT_QUEUE.get(in));
        }
        if (OUTPUT.get(p) instanceof ByteQueueOutputStream out) {
            n += length(out.getBuffer());
        }
        return n;
    }

    private static int length(ByteQueue q) {
        return q == null ? 0 : ((byte[]) DATA.get(q)).length;
    }

    private static void shrink(ByteQueue q) {
        if (q == null || q.available() != 0) {
            return;
        }
        if (DATA != null) {
            byte[] b = (byte[]) DATA.get(q);
            if (b.length == 0 || b.length > DROP_WHEN_EMPTY) {
                return;
            }
        }
        q.shrink();
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
