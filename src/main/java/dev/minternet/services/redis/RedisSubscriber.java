package dev.minternet.services.redis;

import dev.minternet.services.db.StreamConnector;
import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.transport.StreamSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Redis connection in subscribe mode (RESP2), the one a client library keeps beside its command
 * connection for pub/sub (redis-py's {@code PubSub}, the subscriber client of socket.io's redis
 * adapter): {@code SUBSCRIBE} and {@code UNSUBSCRIBE} go out as asked, and each message published
 * to a subscribed channel goes to the {@link Listener}. A connection in this mode takes no other
 * command (Redis answers them with an error), which is why it is a connection of its own.
 *
 * <p>The connection opens at the first subscribe. Redis pub/sub delivers at most once: a message
 * published while the connection is down is lost. When it breaks, the subscriber connects again
 * after {@link #RETRY_NS} and subscribes again to every channel still wanted, as the libraries'
 * reconnect logic does.
 */
public final class RedisSubscriber {
    /** How long after a failed or broken connection the next attempt starts. */
    public static final long RETRY_NS = 1_000_000_000L;

    /** What the subscriber hears. */
    public interface Listener {
        /** A message published to {@code channel}. */
        void onMessage(String channel, byte[] payload);
    }

    private final StreamConnector connector;
    private final Listener listener;
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Timer retry;
    private RespConnection connection;
    private boolean connecting;
    private boolean closed;

    public RedisSubscriber(Simulator sim, StreamConnector connector, Listener listener) {
        this.connector = connector;
        this.listener = listener;
        this.retry = new Timer(sim, this::connect);
    }

    /** Subscribes to {@code channel} (nothing when already subscribed). */
    public void subscribe(String channel) {
        if (closed || !wanted.add(channel)) {
            return;
        }
        if (connection != null) {
            connection.write(Resp.command(List.of("SUBSCRIBE", channel)));
        } else {
            connect();
        }
    }

    /** Unsubscribes from {@code channel} (nothing when not subscribed). */
    public void unsubscribe(String channel) {
        if (!wanted.remove(channel)) {
            return;
        }
        if (connection != null) {
            connection.write(Resp.command(List.of("UNSUBSCRIBE", channel)));
        }
    }

    /** The channels wanted now, in the order first subscribed. */
    public List<String> channels() {
        return List.copyOf(wanted);
    }

    /**
     * Forgets every channel and the connection without a word to the server (the process died with
     * its node: the server sees the connection go); later subscribes start afresh.
     */
    public void reset() {
        wanted.clear();
        retry.cancel();
        if (connection != null) {
            connection.forget();
            connection = null;
        }
    }

    /** Closes the connection for good. */
    public void close() {
        closed = true;
        wanted.clear();
        retry.cancel();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void connect() {
        if (connecting || connection != null || closed || wanted.isEmpty()) {
            return;
        }
        connecting = true;
        connector.connect(new StreamConnector.Callback() {
            @Override
            public void connected(StreamSocket s) {
                connecting = false;
                opened(s);
            }

            @Override
            public void failed(String error) {
                connecting = false;
                retry.setAfter(RETRY_NS);
            }
        });
    }

    private void opened(StreamSocket s) {
        if (closed) {
            s.close();
            return;
        }
        connection = new RespConnection(s, new RespConnection.Owner() {
            @Override
            public boolean reply(Resp r) {
                message(r);
                return true;
            }

            @Override
            public void broken(String why) {
                RedisSubscriber.this.broken();
            }
        });
        if (!wanted.isEmpty()) {
            List<String> words = new ArrayList<>(wanted.size() + 1);
            words.add("SUBSCRIBE");
            words.addAll(wanted);
            connection.write(Resp.command(words));
        }
    }

    /**
     * A message published to a channel ({@code ["message", channel, payload]}); the (un)subscribe
     * confirmations carry nothing to pass on.
     */
    private void message(Resp r) {
        if (r instanceof Resp.Agg a && a.elements().size() == 3 && a.elements().get(0) instanceof Resp.Bulk kind
                && kind.utf8().equals("message") && a.elements().get(1) instanceof Resp.Bulk ch
                && a.elements().get(2) instanceof Resp.Bulk payload) {
            String channel = ch.utf8();
            if (wanted.contains(channel)) { // not one that arrived after we unsubscribed
                listener.onMessage(channel, payload.bytes());
            }
        }
    }

    private void broken() {
        connection = null;
        if (!closed && !wanted.isEmpty()) {
            retry.setAfter(RETRY_NS);
        }
    }
}
