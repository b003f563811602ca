package dev.minternet.tools.mqtt;

import dev.minternet.dns.StubResolver;
import dev.minternet.http.NettyBridge;
import dev.minternet.node.Node;
import dev.minternet.services.mqtt.MqttPackets;
import dev.minternet.sim.Timer;
import dev.minternet.tools.Terminal;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side the mosquitto tools share, as libmosquitto 2.0 behaves: it resolves the host,
 * connects (TCP_NODELAY), sends CONNECT, and drives the QoS flows; with {@code -d} it prints
 * libmosquitto's log lines ({@code Client ID sending PUBLISH (d0, q1, r0, m1, 'a/b', ... (2
 * bytes))}). When the connection is lost it connects again after one second (libmosquitto's
 * reconnect delay), sending again every unacknowledged PUBLISH with DUP set and every PUBREL
 * awaiting PUBCOMP. It keeps QoS 2 messages received until their PUBREL and hands each to the
 * tool once, at PUBREL, as libmosquitto does. Between packets it sends PINGREQ every keep-alive.
 */
final class MqttClient {
    /** What the tool hears. */
    interface Listener {
        /** The first TCP connection is up and CONNECT sent: where mosquitto_sub's client_connect returns. */
        default void opened() {
        }

        void connected(boolean sessionPresent);

        default void message(String topic, byte[] payload, int qos, boolean retain, int mid) {
        }

        default void published(int mid) {
        }

        default void subscribed(int mid, int[] granted) {
        }

        /** The first connection could not be made ({@code Error: Connection refused}). */
        void failed(String line);
    }

    static final long RECONNECT_DELAY_NS = 1_000_000_000L;

    private final Node node;
    private final Terminal term;
    private final MqttArgs a;
    private final Listener listener;
    private final Map<Integer, MqttPublishMessage> outgoing = new LinkedHashMap<>();
    private final Map<Integer, Boolean> released = new LinkedHashMap<>();
    private final java.util.Set<Integer> unsent = new java.util.LinkedHashSet<>();
    private final Map<Integer, MqttPublishMessage> incoming = new LinkedHashMap<>();
    private final Timer pinger;
    private final Timer reconnect;
    private int address;
    private int nextMid = 1;
    private String clientId;
    private Handler handler;
    private boolean everConnected;
    private boolean connackSeen;
    private boolean stopped;

    MqttClient(Node node, Terminal term, MqttArgs a, Listener listener) {
        this.node = node;
        this.term = term;
        this.a = a;
        this.listener = listener;
        this.clientId = a.id() == null ? "" : a.id();
        this.pinger = new Timer(node.sim(), this::ping);
        this.reconnect = new Timer(node.sim(), this::dial);
    }

    void start() {
        if (a.password() != null && a.username() == null && a.version() != 5) {
            listener.failed("Error: Problem setting username and/or password."); // mosquitto_username_pw_set: MOSQ_ERR_INVAL
            return;
        }
        StubResolver.getaddrinfo(node, a.host(), addr -> {
            if (stopped) {
                return;
            }
            if (addr == 0) {
                listener.failed("Unable to connect (Lookup error.).");
                return;
            }
            address = addr;
            dial();
        });
    }

    private void dial() {
        if (stopped) {
            return;
        }
        TcpStreamSocket.connect(node.tcp(), address, a.port(), TcpStreamSocket.noDelay(node.tcp()), this::opened, err -> {
            if (stopped) {
                return;
            }
            if (!everConnected) {
                listener.failed("Error: " + (err.isEmpty() ? err : Character.toUpperCase(err.charAt(0)) + err.substring(1)));
            } else {
                reconnect.setAfter(RECONNECT_DELAY_NS);
            }
        });
    }

    private void opened(StreamSocket s) {
        if (stopped) {
            s.abort();
            return;
        }
        boolean first = !everConnected;
        everConnected = true;
        handler = new Handler();
        new NettyBridge(node.sim(), s, new MqttDecoder(1 << 20, 65535), MqttEncoder.INSTANCE, handler);
        MqttMessageBuilders.ConnectBuilder c = MqttMessageBuilders.connect().protocolVersion(version()).clientId(clientId)
                .cleanSession(a.clean()).keepAlive(a.keepAlive());
        if (a.version() == 5) {
            MqttProperties p = new MqttProperties();
            p.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 20));
            c.properties(p);
        }
        if (a.username() != null) {
            c.hasUser(true).username(a.username());
        }
        if (a.password() != null) {
            c.hasPassword(true).password(a.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (a.willTopic() != null) {
            c.willFlag(true).willTopic(a.willTopic()).willMessage(a.willPayload()).willQoS(MqttQoS.valueOf(a.willQos()))
                    .willRetain(a.willRetain());
        }
        handler.send(c.build(), "sending CONNECT");
        if (first) {
            listener.opened();
        }
    }

    /** mosquitto_connack_string (3.1.1) or mosquitto_reason_string (5) for a refusing CONNACK. */
    private String connackString(int rc) {
        if (a.version() == 5) {
            return switch (rc) {
                case 0x85 -> "Client Identifier not valid";
                case 0x86 -> "Bad User Name or Password";
                case 0x87 -> "Not authorized";
                case 0x84 -> "Unsupported Protocol Version. Try connecting to an MQTT v5 broker, or use MQTT v3.x mode.";
                default -> "Unspecified error";
            };
        }
        return switch (rc) {
            case 1 -> "Connection Refused: unacceptable protocol version.";
            case 2 -> "Connection Refused: identifier rejected.";
            case 3 -> "Connection Refused: broker unavailable.";
            case 4 -> "Connection Refused: bad user name or password.";
            case 5 -> "Connection Refused: not authorised.";
            default -> "Connection Refused: unknown reason.";
        };
    }

    /** Whether a CONNACK ever came (mosquitto_sub's connack_received). */
    boolean connackSeen() {
        return connackSeen;
    }

    private MqttVersion version() {
        return a.version() == 5 ? MqttVersion.MQTT_5 : a.version() == 3 ? MqttVersion.MQTT_3_1 : MqttVersion.MQTT_3_1_1;
    }

    private void log(String text) {
        if (a.debug()) {
            term.println("Client " + (clientId.isEmpty() ? "(null)" : clientId) + " " + text);
        }
    }

    private static String describe(MqttPublishMessage p) {
        MqttFixedHeader h = p.fixedHeader();
        return "(d" + (h.isDup() ? 1 : 0) + ", q" + h.qosLevel().value() + ", r" + (h.isRetain() ? 1 : 0) + ", m"
                + MqttPackets.id(p) + ", '" + p.variableHeader().topicName() + "', ... (" + p.payload().readableBytes() + " bytes))";
    }

    private int mid() {
        int m = nextMid;
        nextMid = nextMid == 65535 ? 1 : nextMid + 1;
        return m;
    }

    /**
     * Publishes {@code payload}; returns its message id (libmosquitto counts QoS 0 messages too).
     * {@link Listener#published} follows the acknowledgement of a QoS 1/2 message; a QoS 0 one is
     * done once written.
     */
    int publish(String topic, byte[] payload, int qos, boolean retain) {
        int mid = mid();
        MqttPublishMessage p = MqttPackets.publish(topic, payload, qos, retain, false, mid);
        if (qos > 0) {
            outgoing.put(mid, p.retainedDuplicate());
        }
        // libmosquitto logs m<mid> also for QoS 0 (the packet carries no identifier)
        String line = "sending PUBLISH (d0, q" + qos + ", r" + (retain ? 1 : 0) + ", m" + mid + ", '" + topic + "', ... ("
                + payload.length + " bytes))";
        if (handler != null && handler.ready) {
            handler.send(p, line);
        } else {
            if (qos > 0) {
                unsent.add(mid); // libmosquitto keeps it and sends it once connected
            }
            p.release();
        }
        return mid;
    }

    int subscribe(List<String> filters, int qos) {
        int mid = mid();
        List<MqttTopicSubscription> subs = new ArrayList<>();
        for (String f : filters) {
            subs.add(new MqttTopicSubscription(f, MqttQoS.valueOf(qos)));
            // libmosquitto logs one line per filter; the options byte is the v5 one (0 for 3.1.1)
        }
        MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0);
        MqttSubscribeMessage m = new MqttSubscribeMessage(h, new MqttMessageIdAndPropertiesVariableHeader(mid, MqttProperties.NO_PROPERTIES),
                new MqttSubscribePayload(subs));
        StringBuilder lines = new StringBuilder();
        for (String f : filters) {
            if (lines.length() > 0) {
                lines.append('\n');
            }
            lines.append("sending SUBSCRIBE (Mid: ").append(mid).append(", Topic: ").append(f).append(", QoS: ").append(qos)
                    .append(", Options: 0x00)");
        }
        handler.send(m, lines.toString());
        return mid;
    }

    /** Whether every QoS 1/2 message published has been acknowledged. */
    boolean idle() {
        return outgoing.isEmpty();
    }

    /** Sends DISCONNECT and closes; no reconnect follows. */
    void disconnect() {
        disconnect(false);
    }

    /**
     * Sends DISCONNECT and closes; no reconnect follows. {@code withWill}: MQTT 5's reason code 0x04,
     * "disconnect with will message" (section 3.14.2.1), which mosquitto_sub sends when its -W
     * timer or Ctrl-C ends it; libmosquitto writes the reason code alone, without a property
     * length (e0 01 04), so those three bytes go out as they are. MQTT 3.1.1 has no reason code.
     */
    void disconnect(boolean withWill) {
        if (stopped) {
            return;
        }
        stopped = true;
        pinger.cancel();
        reconnect.cancel();
        if (handler != null && handler.ready) {
            if (withWill && a.version() == 5) {
                handler.send(MqttPackets.bare(MqttMessageType.DISCONNECT), Unpooled.wrappedBuffer(new byte[] {(byte) 0xe0, 1, 4}),
                        "sending DISCONNECT");
            } else {
                handler.send(MqttPackets.bare(MqttMessageType.DISCONNECT), "sending DISCONNECT");
            }
            handler.close();
        } else if (handler != null) {
            handler.close();
        }
        for (MqttPublishMessage p : outgoing.values()) {
            p.release();
        }
        outgoing.clear();
    }

    /** The process exits without a DISCONNECT: the kernel closes the connection. */
    void exit() {
        stop();
        if (handler != null) {
            handler.close();
        }
    }

    /** Stops without a DISCONNECT (the process is killed). */
    void stop() {
        stopped = true;
        pinger.cancel();
        reconnect.cancel();
    }

    private void ping() {
        if (handler != null && handler.ready && !stopped) {
            handler.send(MqttPackets.bare(MqttMessageType.PINGREQ), "sending PINGREQ");
        }
    }

    /** The Netty handler of one connection. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;
        boolean ready;
        boolean gone;

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }

        void send(MqttMessage m, String line) {
            send(m, m, line);
        }

        /** Writes {@code wire} (the message, or its bytes when Netty would encode them otherwise); the trace shows {@code m}. */
        void send(MqttMessage m, Object wire, String line) {
            if (gone) {
                ReferenceCountUtil.release(wire);
                return;
            }
            for (String l : line.split("\n")) {
                log(l);
            }
            MqttPackets.trace(node.trace(), node.name(), "client", true, clientId, m);
            ctx.writeAndFlush(wire);
            if (a.keepAlive() > 0) {
                pinger.setAfter(a.keepAlive() * 1_000_000_000L);
            }
            pump();
        }

        void pump() {
            NettyBridge b = ctx.channel().attr(NettyBridge.KEY).get();
            if (b != null) {
                b.pump();
            }
        }

        void close() {
            gone = true;
            ctx.channel().close();
            pump();
        }

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            try {
                if (gone || stopped || !(msg instanceof MqttMessage m) || m.decoderResult().isFailure()) {
                    return;
                }
                MqttPackets.trace(node.trace(), node.name(), "client", false, clientId, m);
                received(m);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            if (gone) {
                return;
            }
            gone = true;
            ready = false;
            pinger.cancel();
            if (!stopped) {
                reconnect.setAfter(RECONNECT_DELAY_NS); // loop_forever's reconnect
            }
        }

        private void received(MqttMessage m) {
            int id = MqttPackets.id(m);
            switch (m.fixedHeader().messageType()) {
                case CONNACK -> {
                    MqttConnAckMessage ack = (MqttConnAckMessage) m;
                    MqttProperties.MqttProperty<?> assigned = ack.variableHeader().properties()
                            .getProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER);
                    if (assigned != null) {
                        clientId = (String) assigned.value();
                    }
                    int rc = ack.variableHeader().connectReturnCode().byteValue() & 0xff;
                    log("received CONNACK (" + rc + ")");
                    connackSeen = true;
                    if (rc != 0) {
                        listener.failed("Connection error: " + connackString(rc));
                        return;
                    }
                    ready = true;
                    boolean present = ack.variableHeader().isSessionPresent();
                    // libmosquitto sends its unacknowledged messages again on every reconnect
                    for (Map.Entry<Integer, MqttPublishMessage> e : outgoing.entrySet()) {
                        if (released.containsKey(e.getKey())) {
                            send(MqttPackets.reply(MqttMessageType.PUBREL, e.getKey()), "sending PUBREL (m" + e.getKey() + ")");
                        } else {
                            MqttPublishMessage p = e.getValue();
                            MqttPublishMessage again = MqttPackets.publish(p.variableHeader().topicName(), bytes(p),
                                    p.fixedHeader().qosLevel().value(), p.fixedHeader().isRetain(), !unsent.remove(e.getKey()),
                                    e.getKey());
                            send(again, "sending PUBLISH " + describe(again));
                        }
                    }
                    if (a.clean()) {
                        incoming.values().forEach(ReferenceCountUtil::release);
                        incoming.clear();
                    }
                    listener.connected(present);
                }
                case SUBACK -> {
                    log("received SUBACK");
                    listener.subscribed(id, ((MqttSubAckMessage) m).payload().reasonCodes().stream().mapToInt(Integer::intValue).toArray());
                }
                case PUBLISH -> {
                    MqttPublishMessage p = (MqttPublishMessage) m;
                    log("received PUBLISH " + describe(p));
                    int q = p.fixedHeader().qosLevel().value();
                    if (q == 0) {
                        listener.message(p.variableHeader().topicName(), bytes(p), 0, p.fixedHeader().isRetain(), 0);
                    } else if (q == 1) {
                        send(MqttPackets.reply(MqttMessageType.PUBACK, id), "sending PUBACK (m" + id + ", rc0)");
                        listener.message(p.variableHeader().topicName(), bytes(p), 1, p.fixedHeader().isRetain(), id);
                    } else {
                        MqttPublishMessage old = incoming.put(id, p.retainedDuplicate());
                        if (old != null) {
                            old.release();
                        }
                        send(MqttPackets.reply(MqttMessageType.PUBREC, id), "sending PUBREC (m" + id + ", rc0)");
                    }
                }
                case PUBREL -> {
                    log("received PUBREL (Mid: " + id + ")");
                    MqttPublishMessage p = incoming.remove(id);
                    send(MqttPackets.reply(MqttMessageType.PUBCOMP, id), "sending PUBCOMP (m" + id + ")");
                    if (p != null) {
                        listener.message(p.variableHeader().topicName(), bytes(p), 2, p.fixedHeader().isRetain(), id);
                        p.release();
                    }
                }
                case PUBACK -> {
                    log("received PUBACK (Mid: " + id + ", RC:0)");
                    finished(id);
                }
                case PUBREC -> {
                    log("received PUBREC (Mid: " + id + ")");
                    if (outgoing.containsKey(id)) {
                        released.put(id, true);
                    }
                    send(MqttPackets.reply(MqttMessageType.PUBREL, id), "sending PUBREL (m" + id + ")");
                }
                case PUBCOMP -> {
                    log("received PUBCOMP (Mid: " + id + ", RC:0)");
                    finished(id);
                }
                case PINGRESP -> log("received PINGRESP");
                case DISCONNECT -> log("received DISCONNECT");
                default -> {
                }
            }
        }

        private void finished(int id) {
            MqttPublishMessage p = outgoing.remove(id);
            released.remove(id);
            if (p != null) {
                p.release();
                listener.published(id);
            }
        }
    }

    private static byte[] bytes(MqttPublishMessage p) {
        byte[] b = new byte[p.payload().readableBytes()];
        p.payload().getBytes(p.payload().readerIndex(), b);
        return b;
    }
}
