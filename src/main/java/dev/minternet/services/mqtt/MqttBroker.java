package dev.minternet.services.mqtt;

import dev.minternet.http.NettyBridge;
import dev.minternet.node.Node;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * An MQTT broker (MQTT 3.1.1, OASIS 2014, and MQTT 5.0, OASIS 2019) on simulated TCP port 1883,
 * behaving as mosquitto 2.0 does: Netty's MQTT codec frames the packets; this class keeps the
 * sessions, the retained messages and the routing.
 *
 * <ul>
 *   <li><b>QoS.</b> A message goes to each matching subscription at the lower of its own QoS and
 *       the subscription's (section 3.8.4). QoS 1: PUBLISH, PUBACK. QoS 2: PUBLISH, PUBREC,
 *       PUBREL, PUBCOMP; an incoming QoS 2 message is routed when its PUBREL arrives and a
 *       repeated PUBLISH with the same packet identifier before that replaces it (so it is
 *       delivered once), as mosquitto does. At most {@link Config#maxInflight} QoS 1/2 messages
 *       are in flight to a client; the rest queue (up to {@link Config#maxQueued}).</li>
 *   <li><b>Sessions.</b> With clean session 0 a client's subscriptions, its in-flight and its
 *       queued QoS 1/2 messages outlive the connection; on reconnect CONNACK says "session
 *       present" and the broker first sends again every unacknowledged PUBLISH with DUP set
 *       and every PUBREL awaiting PUBCOMP (section 4.4), then the queue. QoS 0 messages are not
 *       queued for offline clients (mosquitto's default).</li>
 *   <li><b>Retained messages</b> (section 3.3.1.3): the last retained message per topic is sent
 *       to each new subscription with RETAIN set; an empty retained payload deletes it.</li>
 *   <li><b>Will</b> (section 3.1.2.5): published when a connection ends without DISCONNECT
 *       (closed, reset, keep-alive expired, protocol error, taken over).</li>
 *   <li><b>Keep-alive</b> (section 3.1.2.10): a client silent for one and a half times its
 *       keep-alive is disconnected, in simulated time.</li>
 *   <li><b>Crash and restore.</b> A crash kills the broker process. Without {@code persistence}
 *       everything is lost; with it, persistent sessions (subscriptions, in-flight and queued
 *       messages) and retained messages survive, as if mosquitto had written its database at the
 *       moment of the crash (real mosquitto saves every {@code autosave_interval}, 1800 s by
 *       default, and at shutdown: a real power cut can lose the newest changes).</li>
 * </ul>
 * Not modelled: authentication (anonymous access, as {@code allow_anonymous true}), TLS, MQTT 5
 * topic aliases, session and message expiry, shared subscriptions, subscription identifiers,
 * {@code $SYS} topics, bridges.
 */
public final class MqttBroker {
    /** The mosquitto release whose behaviour and wordings this broker follows. */
    public static final String VERSION = "2.0.11";

    /**
     * @param name the node's name (traces, the seeded client-identifier stream)
     * @param port the TCP port (1883)
     * @param maxInflight QoS 1/2 messages in flight per client (mosquitto's max_inflight_messages, 20)
     * @param maxQueued messages queued per client beyond those (max_queued_messages, 1000); more are dropped
     * @param persistence whether sessions and retained messages survive a crash
     * @param maxPacket the largest packet accepted (message_size_limit plus headers)
     */
    public record Config(String name, int port, int maxInflight, int maxQueued, boolean persistence, int maxPacket) {
        public Config {
            if (maxInflight < 1 || maxInflight > 65535 || maxQueued < 0 || maxPacket < 16) {
                throw new IllegalArgumentException("bad mqtt config");
            }
        }

        public static Config of(String name) {
            return new Config(name, 1883, 20, 1000, false, 1 << 20);
        }

        public Config withPersistence(boolean p) {
            return new Config(name, port, maxInflight, maxQueued, p, maxPacket);
        }
    }

    final Simulator sim;
    final Trace trace;
    final String nodeName;
    final Config config;
    final SplittableRandom ids;
    final Map<String, Session> sessions = new LinkedHashMap<>();
    final TreeMap<String, Message> retained = new TreeMap<>();
    /** Bumped by a crash: connections of an earlier generation belong to the dead process. */
    int generation;
    private long routed;
    private long delivered;

    MqttBroker(Simulator sim, Trace trace, Config config, SplittableRandom ids) {
        this.sim = sim;
        this.trace = trace;
        this.nodeName = config.name();
        this.config = config;
        this.ids = ids;
    }

    /** A broker listening on {@code node}'s TCP port {@link Config#port} (TCP_NODELAY, as mosquitto sets it). */
    public static MqttBroker listen(Node node, Config config) {
        MqttBroker b = new MqttBroker(node.sim(), node.trace(), config, node.random("mqtt:client-ids"));
        TcpStreamSocket.listen(node.tcp(), config.port(), TcpStreamSocket.noDelay(node.tcp()), b::accept);
        node.onCrash(b::crash);
        node.onRestore(b::restart);
        return b;
    }

    /** Serves a newly accepted connection: Netty's MQTT decoder and encoder on the stream, then the broker. */
    public void accept(StreamSocket socket) {
        BrokerConnection c = new BrokerConnection(this, generation);
        new NettyBridge(sim, socket, new MqttDecoder(config.maxPacket(), 65535), MqttEncoder.INSTANCE, c);
    }

    public Config config() {
        return config;
    }

    /** Application messages routed so far (QoS 0/1 on PUBLISH, QoS 2 on PUBREL). */
    public long routed() {
        return routed;
    }

    /** PUBLISH packets sent to subscribers so far (first sends, not resends). */
    public long delivered() {
        return delivered;
    }

    /** The client identifiers of the sessions the broker holds now. */
    public List<String> sessionIds() {
        return List.copyOf(sessions.keySet());
    }

    /** The retained message's payload on {@code topic}, or null. */
    public byte[] retainedPayload(String topic) {
        Message m = retained.get(topic);
        return m == null ? null : m.payload().clone();
    }

    boolean tracing() {
        return trace != null && trace.enabled();
    }

    private void crash() {
        generation++;
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session s = it.next();
            s.connection = null;
            if (!config.persistence() || !s.persistent) {
                it.remove();
            }
        }
        if (!config.persistence()) {
            retained.clear();
        }
    }

    private void restart() {
        if (tracing()) {
            trace.emit(nodeName, MqttEvents.RESTART, (long) sessions.size(), (long) retained.size());
        }
    }

    /** mosquitto's identifier for a client that sent none: {@code auto-} and a random UUID in capitals. */
    String assignId() {
        StringBuilder b = new StringBuilder("auto-");
        for (int i = 0; i < 32; i++) {
            if (i == 8 || i == 12 || i == 16 || i == 20) {
                b.append('-');
            }
            b.append(Character.toUpperCase(Character.forDigit(ids.nextInt(16), 16)));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- routing

    /** Routes an accepted application message to every matching subscription (and the retained store). */
    void route(String from, Message m) {
        routed++;
        if (m.retain()) {
            if (m.payload().length == 0) {
                retained.remove(m.topic());
            } else {
                retained.put(m.topic(), m);
            }
        }
        int matched = 0;
        for (Session s : new ArrayList<>(sessions.values())) {
            int best = -1;
            for (Map.Entry<String, Integer> sub : s.subscriptions.entrySet()) {
                if (Topics.matches(sub.getKey(), m.topic())) {
                    best = Math.max(best, sub.getValue()); // overlapping filters: one copy at the highest QoS
                }
            }
            if (best >= 0) {
                matched++;
                offer(s, m.atQos(Math.min(best, m.qos()), false));
            }
        }
        if (tracing()) {
            trace.emit(nodeName, MqttEvents.ROUTE, from, m.topic(), (long) m.qos(), m.retain(), (long) m.payload().length,
                    (long) matched, (long) retained.size());
        }
    }

    /** Sends {@code m} to {@code s} now, or queues it (QoS 1/2 only) when offline or the window is full. */
    void offer(Session s, Message m) {
        if (s.online() && (m.qos() == 0 || s.inflight.size() < config.maxInflight() && s.queue.isEmpty())) {
            send(s, m);
            return;
        }
        if (m.qos() == 0 && !s.online()) {
            return; // mosquitto does not queue QoS 0 for offline clients (queue_qos0_messages false)
        }
        if (s.queue.size() >= config.maxQueued()) {
            return; // dropped, as mosquitto drops beyond max_queued_messages
        }
        s.queue.add(m);
        if (tracing()) {
            trace.emit(nodeName, MqttEvents.QUEUE, s.clientId, m.topic(), (long) m.qos(), (long) s.queue.size());
        }
    }

    private void send(Session s, Message m) {
        int id = 0;
        if (m.qos() > 0) {
            id = s.nextPacketId();
            s.inflight.put(id, new Session.Outgoing(m));
        }
        delivered++;
        s.connection.send(MqttPackets.publish(m.topic(), m.payload(), m.qos(), m.retain(), false, id));
    }

    /** Moves queued messages into the in-flight window while it has room. */
    void drain(Session s) {
        while (s.online() && !s.queue.isEmpty() && s.inflight.size() < config.maxInflight()) {
            send(s, s.queue.poll());
        }
    }

    /** Sends again what was in flight when the session's previous connection ended (section 4.4), then the queue. */
    int resume(Session s) {
        int n = 0;
        for (Map.Entry<Integer, Session.Outgoing> e : s.inflight.entrySet()) {
            Session.Outgoing o = e.getValue();
            if (o.stage == Session.Stage.PUBLISHED) {
                Message m = o.message;
                s.connection.send(MqttPackets.publish(m.topic(), m.payload(), m.qos(), m.retain(), true, e.getKey()));
            } else {
                s.connection.send(MqttPackets.reply(MqttMessageType.PUBREL, e.getKey()));
            }
            n++;
        }
        drain(s);
        return n;
    }

    /** The retained messages a new subscription to {@code filter} at {@code qos} receives. */
    void sendRetained(Session s, String filter, int qos) {
        for (Message m : retained.values()) {
            if (Topics.matches(filter, m.topic())) {
                offer(s, m.atQos(Math.min(qos, m.qos()), true));
            }
        }
    }
}
