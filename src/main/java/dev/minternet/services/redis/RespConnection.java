package dev.minternet.services.redis;

import dev.minternet.transport.Outbox;
import dev.minternet.transport.StreamSocket;

/**
 * A client's open connection to a Redis server: what it writes goes out through an outbox, and
 * the server's replies are parsed as they arrive and handed to the owner in order. The owner
 * hears once when the connection breaks (a protocol error, the server closing, a reset), with a
 * reason in redis-cli's words; after that, or after {@link #forget} or {@link #close}, nothing
 * more of this connection reaches it.
 */
final class RespConnection {
    /** Who uses the connection. */
    interface Owner {
        /** One reply; false when nobody wants it, which stops the parsing until more data comes. */
        boolean reply(Resp r);

        /** The connection broke; {@code why} as an error reply says it ("ERR connection: ..."). */
        void broken(String why);
    }

    private final Outbox outbox;
    private final RespReader reader = new RespReader();
    private final Owner owner;
    private boolean gone;

    RespConnection(StreamSocket socket, Owner owner) {
        this.outbox = new Outbox(socket);
        this.owner = owner;
        socket.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket x, byte[] data) {
                if (!gone) {
                    received(data);
                }
            }

            @Override
            public void onWritable(StreamSocket x) {
                if (!gone) {
                    outbox.flush();
                }
            }

            @Override
            public void onPeerClosed(StreamSocket x) {
                if (!gone) {
                    outbox.closeAfterFlush();
                    breaks("ERR connection: server closed the connection");
                }
            }

            @Override
            public void onClosed(StreamSocket x, String error) {
                if (!gone) {
                    breaks("ERR connection: " + (error == null ? "closed" : error));
                }
            }
        });
    }

    void write(byte[] bytes) {
        outbox.write(bytes);
    }

    /** Closes after what is queued is sent; the owner hears nothing more. */
    void close() {
        gone = true;
        outbox.closeAfterFlush();
    }

    /** Drops the connection without a word (its process died); the owner hears nothing more. */
    void forget() {
        gone = true;
    }

    private void received(byte[] data) {
        reader.feed(data);
        try {
            Resp r;
            while (!gone && (r = reader.nextReply()) != null) {
                if (!owner.reply(r)) {
                    return;
                }
            }
        } catch (RespReader.ProtocolError e) {
            outbox.abort();
            breaks("ERR connection: " + e.getMessage());
        }
    }

    private void breaks(String why) {
        gone = true;
        owner.broken(why);
    }
}
