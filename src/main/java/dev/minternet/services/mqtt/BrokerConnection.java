package dev.minternet.services.mqtt;

import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Timer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection to the {@link MqttBroker}, the last handler of a Netty pipeline behind
 * {@code MqttDecoder} and {@code MqttEncoder}: it reads CONNECT first (section 3.1: anything else
 * first, or a second CONNECT, is a protocol violation that closes the connection), then serves
 * the client's packets against its {@link Session}. It arms the keep-alive timer (one and a half
 * keep-alives, section 3.1.2.10) and publishes the will when the connection ends otherwise than
 * by DISCONNECT.
 */
final class BrokerConnection extends ChannelInboundHandlerAdapter {
    private final MqttBroker broker;
    private final int generation;
    private final Timer keepAliveTimer;
    private ChannelHandlerContext ctx;
    private Session session;
    private String clientId = "";
    private int protocol = 4;
    private long keepAliveNs;
    private Message will;
    private boolean ended;

    BrokerConnection(MqttBroker broker, int generation) {
        this.broker = broker;
        this.generation = generation;
        this.keepAliveTimer = new Timer(broker.sim, () -> end("keep-alive", true));
    }

    private boolean alive() {
        return !ended && generation == broker.generation;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        this.ctx = c;
    }

    /** Sends {@code m} to the client (traced), and lets the bridge put it on the wire. */
    void send(MqttMessage m) {
        if (!alive()) {
            ReferenceCountUtil.release(m);
            return;
        }
        MqttPackets.trace(broker.trace, broker.nodeName, "broker", true, clientId, m);
        ctx.writeAndFlush(m);
        NettyBridge b = ctx.channel().attr(NettyBridge.KEY).get();
        if (b != null) {
            b.pump();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        try {
            if (!alive() || !(msg instanceof MqttMessage m)) {
                return;
            }
            if (m.decoderResult().isFailure()) {
                end("protocol error", true); // mosquitto closes on a malformed packet
                return;
            }
            MqttPackets.trace(broker.trace, broker.nodeName, "broker", false, clientId, m);
            if (keepAliveNs > 0) {
                keepAliveTimer.setAfter(keepAliveNs);
            }
            MqttMessageType type = m.fixedHeader().messageType();
            if (session == null) {
                if (type == MqttMessageType.CONNECT) {
                    connect((MqttConnectMessage) m);
                } else {
                    end("protocol error", true); // section 3.1: the first packet must be CONNECT
                }
                return;
            }
            switch (type) {
                case PUBLISH -> publish((MqttPublishMessage) m);
                case PUBACK -> acked(MqttPackets.id(m), Session.Stage.PUBLISHED, 1);
                case PUBREC -> pubrec(MqttPackets.id(m));
                case PUBCOMP -> acked(MqttPackets.id(m), Session.Stage.RELEASED, 2);
                case PUBREL -> pubrel(MqttPackets.id(m));
                case SUBSCRIBE -> subscribe((MqttSubscribeMessage) m);
                case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) m);
                case PINGREQ -> send(MqttPackets.bare(MqttMessageType.PINGRESP));
                case DISCONNECT -> {
                    // section 3.14.4: a DISCONNECT discards the will, unless MQTT 5's reason code
                    // 0x04 asks for it (section 3.14.2.1), as mosquitto_sub's -W and Ctrl-C do
                    if (!(m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader v && v.reasonCode() == 4)) {
                        will = null;
                    }
                    end("disconnect", true);
                }
                default -> end("protocol error", true);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (alive()) {
            end("closed", false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (alive()) {
            end("protocol error", true);
        }
    }

    // ---------------------------------------------------------------- CONNECT

    private void connect(MqttConnectMessage m) {
        protocol = m.variableHeader().version();
        boolean clean = m.variableHeader().isCleanSession();
        String id = m.payload().clientIdentifier();
        boolean assigned = false;
        if (id == null || id.isEmpty()) {
            if (!clean && protocol < 5) {
                // section 3.1.3.1: a zero-byte client id needs clean session 1
                reject(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
            id = broker.assignId();
            assigned = true;
        }
        clientId = id;
        keepAliveNs = m.variableHeader().keepAliveTimeSeconds() * 1_500_000_000L;
        if (m.variableHeader().isWillFlag()) {
            will = new Message(m.payload().willTopic(), m.payload().willMessageInBytes(), m.variableHeader().willQos(),
                    m.variableHeader().isWillRetain());
        }
        Session old = broker.sessions.get(id);
        if (old != null && old.connection != null) {
            old.connection.end("taken over", true); // section 3.1.4: the server disconnects the existing client
        }
        boolean present = old != null && !clean;
        if (old != null && clean) {
            broker.sessions.remove(id);
        }
        session = present ? old : new Session(id, !clean);
        session.persistent = !clean;
        session.connection = this;
        broker.sessions.put(id, session);
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (protocol >= 5) {
            props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 10));
            if (assigned) {
                props.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, id));
            }
            props.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, broker.config.maxInflight()));
        }
        MqttConnAckMessage ack = MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(present).properties(props).build();
        send(ack);
        if (keepAliveNs > 0) {
            keepAliveTimer.setAfter(keepAliveNs);
        }
        int resent = present ? broker.resume(session) : 0;
        if (broker.tracing()) {
            broker.trace.emit(broker.nodeName, MqttEvents.SESSION, id, (long) protocol, clean, keepAliveNs / 1_500_000_000L, present,
                    (long) resent, (long) session.queue.size());
        }
    }

    private void reject(MqttConnectReturnCode code) {
        MqttConnectReturnCode c = protocol >= 5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID : code;
        send(MqttMessageBuilders.connAck().returnCode(c).sessionPresent(false).build());
        end("protocol error", true);
    }

    // ---------------------------------------------------------------- PUBLISH and its acknowledgements

    private void publish(MqttPublishMessage p) {
        String topic = p.variableHeader().topicName();
        int qos = p.fixedHeader().qosLevel().value();
        if (!Topics.validName(topic) || qos > 2) {
            end("protocol error", true); // section 3.3.2.1: a topic name holds no wildcards
            return;
        }
        byte[] payload = new byte[p.payload().readableBytes()];
        p.payload().getBytes(p.payload().readerIndex(), payload);
        Message m = new Message(topic, payload, qos, p.fixedHeader().isRetain());
        int id = MqttPackets.id(p);
        switch (qos) {
            case 0 -> broker.route(clientId, m);
            case 1 -> {
                broker.route(clientId, m); // a DUP after a lost PUBACK is routed again: QoS 1 is at least once
                send(MqttPackets.reply(MqttMessageType.PUBACK, id));
            }
            default -> {
                session.awaitingRelease.put(id, m); // a repeat before PUBREL replaces it: routed once
                send(MqttPackets.reply(MqttMessageType.PUBREC, id));
            }
        }
    }

    private void pubrel(int id) {
        Message m = session.awaitingRelease.remove(id);
        if (m != null) {
            broker.route(clientId, m);
        }
        send(MqttPackets.reply(MqttMessageType.PUBCOMP, id));
    }

    private void pubrec(int id) {
        Session.Outgoing o = session.inflight.get(id);
        if (o != null && o.message.qos() == 2) {
            o.stage = Session.Stage.RELEASED;
        }
        send(MqttPackets.reply(MqttMessageType.PUBREL, id));
    }

    /** PUBACK (QoS 1) or PUBCOMP (QoS 2) ends a message's flow and frees a place in the window. */
    private void acked(int id, Session.Stage expected, int qos) {
        Session.Outgoing o = session.inflight.get(id);
        if (o != null && o.stage == expected && o.message.qos() == qos) {
            session.inflight.remove(id);
            broker.drain(session);
        }
    }

    // ---------------------------------------------------------------- SUBSCRIBE, UNSUBSCRIBE

    private void subscribe(MqttSubscribeMessage m) {
        int id = m.variableHeader().messageId();
        List<Integer> granted = new ArrayList<>();
        List<MqttTopicSubscription> subs = m.payload().topicSubscriptions();
        for (MqttTopicSubscription t : subs) {
            int want = t.qualityOfService().value();
            int g = Topics.validFilter(t.topicName()) && want <= 2 ? want : 0x80;
            granted.add(g);
            if (broker.tracing()) {
                broker.trace.emit(broker.nodeName, MqttEvents.SUBSCRIBE, clientId, t.topicName(), (long) want, (long) g);
            }
        }
        MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        int[] codes = granted.stream().mapToInt(Integer::intValue).toArray();
        send(new MqttSubAckMessage(h, new MqttMessageIdAndPropertiesVariableHeader(id, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes)));
        // section 3.8.4: retained messages follow the SUBACK
        for (int i = 0; i < subs.size(); i++) {
            if (codes[i] != 0x80) {
                session.subscriptions.put(subs.get(i).topicName(), codes[i]);
                broker.sendRetained(session, subs.get(i).topicName(), codes[i]);
            }
        }
    }

    private void unsubscribe(MqttUnsubscribeMessage m) {
        List<String> topics = m.payload().topics();
        short[] codes = new short[topics.size()];
        for (int i = 0; i < topics.size(); i++) {
            boolean had = session.subscriptions.remove(topics.get(i)) != null;
            codes[i] = (short) (had ? 0 : 0x11); // MQTT 5: 0x11 no subscription existed
            if (broker.tracing()) {
                broker.trace.emit(broker.nodeName, MqttEvents.UNSUBSCRIBE, clientId, topics.get(i));
            }
        }
        MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        int id = m.variableHeader().messageId();
        send(protocol >= 5
                ? new MqttUnsubAckMessage(h, new MqttMessageIdAndPropertiesVariableHeader(id, MqttProperties.NO_PROPERTIES),
                        new MqttUnsubAckPayload(codes))
                : new MqttUnsubAckMessage(h, MqttMessageIdVariableHeader.from(id)));
    }

    // ---------------------------------------------------------------- the end

    /**
     * Ends the connection: publishes the will unless a DISCONNECT discarded it, lets a clean
     * session go, keeps a persistent one without its connection, and closes the channel.
     */
    void end(String why, boolean close) {
        if (ended) {
            return;
        }
        boolean current = generation == broker.generation;
        ended = true;
        keepAliveTimer.cancel();
        if (current && session != null && session.connection == this) {
            session.connection = null;
            if (!session.persistent) {
                broker.sessions.remove(session.clientId);
            }
        }
        if (current && broker.tracing()) {
            broker.trace.emit(broker.nodeName, MqttEvents.CLOSE, clientId, why);
        }
        if (current && will != null) {
            Message w = will;
            will = null;
            if (broker.tracing()) {
                broker.trace.emit(broker.nodeName, MqttEvents.WILL, clientId, w.topic(), (long) w.qos(), w.retain());
            }
            if (Topics.validName(w.topic())) {
                broker.route(clientId, w);
            }
        }
        if (close && ctx != null && ctx.channel().isOpen()) {
            ctx.channel().close();
            NettyBridge b = ctx.channel().attr(NettyBridge.KEY).get();
            if (b != null) {
                b.pump();
            }
        }
    }
}
