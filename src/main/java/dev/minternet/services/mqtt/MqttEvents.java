package dev.minternet.services.mqtt;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code mqtt}: every MQTT control packet the broker and the mosquitto
 * tools send and receive, and what the broker decides (sessions, subscriptions, deliveries,
 * queueing for offline sessions, wills, keep-alive expiry).
 */
public final class MqttEvents {
    private MqttEvents() {
    }

    public static final Catalog CATALOG = new Catalog("mqtt",
            "The MQTT 3.1.1/5 broker (services.mqtt.MqttBroker) and the mosquitto_pub/mosquitto_sub tools: control packets, "
                    + "sessions, QoS 1/2 flows, retained messages, wills.");

    public static final Field<String> SIDE = Field.text("side", "broker or client");
    public static final Field<String> DIR = Field.text("dir", "send or recv");
    public static final Field<String> TYPE = Field.text("type", "the control packet type: CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, "
            + "PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT");
    public static final Field<String> CLIENT = Field.text("client", "the client identifier (empty before CONNECT names one)");
    public static final Field<Long> ID = Field.integer("id", Unit.NONE, "the packet identifier (0 when the packet has none)");
    public static final Field<String> TOPIC = Field.text("topic", "the topic name of a PUBLISH, the first filter of a SUBSCRIBE; empty otherwise");
    public static final Field<Long> QOS = Field.integer("qos", Unit.NONE, "the QoS of a PUBLISH (0 otherwise)");
    public static final Field<Boolean> DUP = Field.flag("dup", "the DUP flag of a PUBLISH: a redelivery after a reconnect");
    public static final Field<Boolean> RETAIN = Field.flag("retain", "the RETAIN flag of a PUBLISH");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the application message's payload (PUBLISH only)");
    public static final Field<Long> PROTOCOL = Field.integer("protocol", Unit.NONE, "the protocol level: 4 (MQTT 3.1.1) or 5 (MQTT 5.0)");
    public static final Field<Boolean> CLEAN = Field.flag("clean", "clean session (3.1.1) / clean start (5)");
    public static final Field<Long> KEEP_ALIVE = Field.integer("keep_alive", Unit.SECONDS, "the keep-alive the client asked for (0: none)");
    public static final Field<Boolean> SESSION_PRESENT = Field.flag("session_present", "CONNACK's session present flag");
    public static final Field<Long> RESENT = Field.integer("resent", Unit.COUNT, "in-flight PUBLISH/PUBREL packets sent again on reconnect");
    public static final Field<Long> QUEUED = Field.integer("queued", Unit.COUNT, "messages waiting in the session after the change");
    public static final Field<String> FILTER = Field.text("filter", "a topic filter (may hold + and #)");
    public static final Field<Long> GRANTED = Field.integer("granted", Unit.NONE, "the granted QoS, or 128 for a refused filter");
    public static final Field<Long> SUBSCRIBERS = Field.integer("subscribers", Unit.COUNT, "sessions whose subscriptions match the topic");
    public static final Field<String> WHY = Field.text("why", "why the connection ended: disconnect, keep-alive, closed, taken over, protocol error");
    public static final Field<Long> SESSIONS = Field.integer("sessions", Unit.COUNT, "persistent sessions the broker holds");
    public static final Field<Long> RETAINED = Field.integer("retained", Unit.COUNT, "retained messages the broker holds after the change");

    public static final EventType PACKET = CATALOG.event("packet",
            "an MQTT control packet crossed a connection (one event per packet on each side that sees it)",
            SIDE, DIR, TYPE, CLIENT, ID, TOPIC, QOS, DUP, RETAIN, BYTES);
    public static final EventType SESSION = CATALOG.event("session",
            "the broker accepted a CONNECT: a new session or one resumed with its subscriptions and in-flight messages",
            CLIENT, PROTOCOL, CLEAN, KEEP_ALIVE, SESSION_PRESENT, RESENT, QUEUED);
    public static final EventType SUBSCRIBE = CATALOG.event("subscribe", "a session subscribed to a filter", CLIENT, FILTER, QOS, GRANTED);
    public static final EventType UNSUBSCRIBE = CATALOG.event("unsubscribe", "a session unsubscribed from a filter", CLIENT, FILTER);
    public static final EventType ROUTE = CATALOG.event("route",
            "the broker accepted an application message (QoS 0/1 on PUBLISH, QoS 2 on PUBREL) and routed it",
            CLIENT, TOPIC, QOS, RETAIN, BYTES, SUBSCRIBERS, RETAINED);
    public static final EventType QUEUE = CATALOG.event("queue",
            "a QoS 1/2 message waits in a session: the client is offline or its in-flight window is full", CLIENT, TOPIC, QOS, QUEUED);
    public static final EventType WILL = CATALOG.event("will", "a client's last will is published after its connection ended without DISCONNECT",
            CLIENT, TOPIC, QOS, RETAIN);
    public static final EventType CLOSE = CATALOG.event("close", "a client connection ended", CLIENT, WHY);
    public static final EventType RESTART = CATALOG.event("restart",
            "the broker started again after its node was restored: sessions and retained messages it kept (persistence) or lost",
            SESSIONS, RETAINED);
}
