package dev.minternet.services.redis;

import dev.minternet.services.db.StreamConnector;
import dev.minternet.transport.StreamSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One pipelined RESP2 connection to a Redis server, as client libraries keep one (Lettuce,
 * redis-py's connection): commands go out at once in the order asked, replies come back in the
 * same order and each goes to its callback. The connection opens on the first command; if it
 * fails or breaks, every waiting command gets an error reply ({@code ERR connection: ...}) and the
 * next command opens a new connection.
 */
public final class RedisClient {
    private final StreamConnector connector;
    private final ArrayDeque<Consumer<Resp>> waiting = new ArrayDeque<>();
    private final List<byte[]> unsent = new ArrayList<>();
    private RespConnection connection;
    private boolean connecting;

    public RedisClient(StreamConnector connector) {
        this.connector = connector;
    }

    /** Sends {@code words} as a command; {@code reply} gets the server's reply or a connection error. */
    public void command(List<String> words, Consumer<Resp> reply) {
        send(Resp.command(words), reply);
    }

    /** {@code PUBLISH channel message}, the message as bytes (binary-safe); the reply is the receivers' count. */
    public void publish(String channel, byte[] message, Consumer<Resp> reply) {
        send(Resp.encode(Resp.bulks(List.of("PUBLISH".getBytes(StandardCharsets.US_ASCII),
                channel.getBytes(StandardCharsets.UTF_8), message)), 2), reply);
    }

    private void send(byte[] bytes, Consumer<Resp> reply) {
        waiting.add(reply);
        if (connection != null) {
            connection.write(bytes);
            return;
        }
        unsent.add(bytes);
        if (!connecting) {
            connecting = true;
            connector.connect(new StreamConnector.Callback() {
                @Override
                public void connected(StreamSocket s) {
                    opened(s);
                }

                @Override
                public void failed(String error) {
                    connecting = false;
                    fail("ERR connection: " + error);
                }
            });
        }
    }

    private void opened(StreamSocket s) {
        connecting = false;
        connection = new RespConnection(s, new RespConnection.Owner() {
            @Override
            public boolean reply(Resp r) {
                if (waiting.isEmpty()) {
                    return false;
                }
                waiting.poll().accept(r);
                return true;
            }

            @Override
            public void broken(String why) {
                RedisClient.this.broken(why);
            }
        });
        for (byte[] b : unsent) {
            connection.write(b);
        }
        unsent.clear();
    }

    private void broken(String why) {
        connection = null;
        fail(why);
    }

    private void fail(String why) {
        unsent.clear();
        List<Consumer<Resp>> victims = new ArrayList<>(waiting);
        waiting.clear();
        for (Consumer<Resp> c : victims) {
            c.accept(new Resp.Error(why));
        }
    }

    /** Closes the connection (QUIT is not sent); waiting commands fail. */
    public void close() {
        if (connection != null) {
            connection.close();
        }
        broken("ERR connection: closed by client");
    }
}
