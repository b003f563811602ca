package dev.minternet.services.mqtt;

import dev.minternet.trace.Trace;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

/**
 * Building and describing MQTT control packets with Netty's codec objects, shared by the broker
 * and the mosquitto tools: the PUBLISH and acknowledgement packets both sides send, and the one
 * trace event per packet ({@link MqttEvents#PACKET}) each side emits.
 */
public final class MqttPackets {
    private MqttPackets() {
    }

    /** A PUBLISH (section 3.3) with packet identifier {@code id} (ignored at QoS 0). */
    public static MqttPublishMessage publish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int id) {
        MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain, 0);
        return new MqttPublishMessage(h, new MqttPublishVariableHeader(topic, qos == 0 ? -1 : id, MqttProperties.NO_PROPERTIES),
                Unpooled.wrappedBuffer(payload));
    }

    /**
     * PUBACK, PUBREC, PUBREL or PUBCOMP for {@code id} (sections 3.4-3.7); PUBREL's fixed header
     * flags are 0010. Success carries no reason code, which MQTT 5 allows (section 3.4.2.1).
     */
    public static MqttMessage reply(MqttMessageType type, int id) {
        MqttQoS q = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, q, false, 0),
                new MqttPubReplyMessageVariableHeader(id, MqttPubReplyMessageVariableHeader.REASON_CODE_OK, MqttProperties.NO_PROPERTIES));
    }

    /** A packet of only a fixed header: PINGREQ, PINGRESP, DISCONNECT. */
    public static MqttMessage bare(MqttMessageType type) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** The packet identifier of {@code m}, or 0. */
    public static int id(MqttMessage m) {
        if (m instanceof MqttPublishMessage p) {
            return Math.max(0, p.variableHeader().packetId());
        }
        Object vh = m.variableHeader();
        if (vh instanceof MqttMessageIdVariableHeader v) {
            return v.messageId();
        }
        if (vh instanceof io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader v) {
            return v.messageId();
        }
        return 0;
    }

    /** Emits {@link MqttEvents#PACKET} for {@code m} sent or received on {@code node}. */
    public static void trace(Trace trace, String node, String side, boolean send, String client, MqttMessage m) {
        if (trace == null || !trace.enabled()) {
            return;
        }
        MqttFixedHeader h = m.fixedHeader();
        String topic = "";
        long bytes = 0;
        int qos = 0;
        boolean dup = false;
        boolean retain = false;
        if (m instanceof MqttPublishMessage p) {
            topic = p.variableHeader().topicName();
            bytes = p.payload().readableBytes();
            qos = h.qosLevel().value();
            dup = h.isDup();
            retain = h.isRetain();
        } else if (m instanceof MqttSubscribeMessage s && !s.payload().topicSubscriptions().isEmpty()) {
            topic = s.payload().topicSubscriptions().get(0).topicName();
        } else if (m instanceof MqttUnsubscribeMessage u && !u.payload().topics().isEmpty()) {
            topic = u.payload().topics().get(0);
        }
        trace.emit(node, MqttEvents.PACKET, side, send ? "send" : "recv", h.messageType().name(), client == null ? "" : client,
                (long) id(m), topic, (long) qos, dup, retain, bytes);
    }
}
