package dev.minternet.services.chat;

import dev.minternet.node.Node;
import dev.minternet.services.db.StreamConnector;
import dev.minternet.services.redis.RedisClient;
import dev.minternet.services.redis.RedisSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Several chat servers behind one load balancer sharing their rooms over Redis pub/sub, as
 * socket.io's redis adapter joins Node.js servers: a room's members may sit on any server, so a
 * server does not send a member's message to its own members but {@code PUBLISH}es it to the
 * room's channel {@code chat:ROOM}; every server with members in that room is subscribed to the
 * channel (from its first member's join to its last member's leave) and sends what arrives to its
 * own members. The sender's server hears its own message back from Redis like the others, so every
 * member of the cluster sees the room's messages in the one order Redis ran the PUBLISHes.
 *
 * <p>Two connections per server, as the adapter keeps: one for commands (PUBLISH, {@link
 * RedisClient}) and one in subscribe mode ({@link RedisSubscriber}). A channel message is one
 * byte of kind then the content: {@code T} a text line for every member, {@code B} a binary
 * message, {@code J} a join line ({@code SERVER#ID\n} then the text) that every member hears but
 * the joiner, who was told at once by its own server. Redis pub/sub is at most once: while a
 * server's connection to Redis is down, its members miss the room's messages.
 */
final class ChatCluster {
    /** The channel of a room. */
    static final String CHANNEL_PREFIX = "chat:";

    private final Node node;
    private final ChatServer server;
    private final RedisClient publisher;
    private final RedisSubscriber subscriber;

    ChatCluster(Node node, StreamConnector redis, ChatServer server) {
        this.node = node;
        this.server = server;
        this.publisher = new RedisClient(redis);
        this.subscriber = new RedisSubscriber(node.sim(), redis, this::received);
    }

    /** The server's process died: its subscriptions went with it (new members subscribe afresh). */
    void reset() {
        subscriber.reset();
    }

    void subscribe(String room) {
        subscriber.subscribe(CHANNEL_PREFIX + room);
    }

    void unsubscribe(String room) {
        subscriber.unsubscribe(CHANNEL_PREFIX + room);
    }

    void publishText(String room, String text) {
        publish(room, (byte) 'T', text.getBytes(StandardCharsets.UTF_8));
    }

    void publishBinary(String room, byte[] data) {
        publish(room, (byte) 'B', data);
    }

    /** A join line for every member of the room but the joiner ({@code member} on this server). */
    void publishJoin(String room, long member, String text) {
        byte[] origin = (node.name() + "#" + member + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] both = Arrays.copyOf(origin, origin.length + t.length);
        System.arraycopy(t, 0, both, origin.length, t.length);
        publish(room, (byte) 'J', both);
    }

    private void publish(String room, byte kind, byte[] content) {
        byte[] m = new byte[content.length + 1];
        m[0] = kind;
        System.arraycopy(content, 0, m, 1, content.length);
        publisher.publish(CHANNEL_PREFIX + room, m, reply -> { }); // the receivers' count is not needed
    }

    private void received(String channel, byte[] m) {
        if (!channel.startsWith(CHANNEL_PREFIX) || m.length == 0) {
            return;
        }
        String room = channel.substring(CHANNEL_PREFIX.length());
        switch (m[0]) {
            case 'T' -> server.deliver(room, new String(m, 1, m.length - 1, StandardCharsets.UTF_8), null, -1);
            case 'B' -> server.deliver(room, null, Arrays.copyOfRange(m, 1, m.length), -1);
            case 'J' -> {
                String s = new String(m, 1, m.length - 1, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                int hash = nl < 0 ? -1 : s.lastIndexOf('#', nl);
                if (hash < 0) {
                    return;
                }
                long skip = -1;
                if (s.substring(0, hash).equals(node.name())) {
                    try {
                        skip = Long.parseLong(s.substring(hash + 1, nl));
                    } catch (NumberFormatException e) {
                        return;
                    }
                }
                server.deliver(room, s.substring(nl + 1), null, skip);
            }
            default -> {
                // a message some other publisher put on the channel: not the cluster's
            }
        }
    }
}
