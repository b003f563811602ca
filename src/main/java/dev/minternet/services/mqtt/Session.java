package dev.minternet.services.mqtt;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state the broker keeps for one client identifier (MQTT 3.1.1 section 3.1.2.4): its
 * subscriptions, the QoS 1 and 2 messages in flight to it (sent, not yet acknowledged, in
 * packet-identifier order of sending), the messages queued behind them, and the QoS 2 messages
 * received from it that await PUBREL. A clean-session client's state ends with its connection;
 * a persistent one ({@code clean session = 0}) outlives it and is resumed on the next CONNECT.
 */
final class Session {
    /** Where an outgoing QoS 1/2 message stands (section 4.3). */
    enum Stage {
        /** PUBLISH sent; waiting for PUBACK (QoS 1) or PUBREC (QoS 2). */
        PUBLISHED,
        /** PUBREC received, PUBREL sent; waiting for PUBCOMP. */
        RELEASED
    }

    /** One message in flight to the client. */
    static final class Outgoing {
        final Message message;
        Stage stage = Stage.PUBLISHED;

        Outgoing(Message message) {
            this.message = message;
        }
    }

    final String clientId;
    boolean persistent;
    /** Filter to granted QoS, in subscription order. */
    final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    /** Packet identifier to message, in the order they were sent. */
    final LinkedHashMap<Integer, Outgoing> inflight = new LinkedHashMap<>();
    final ArrayDeque<Message> queue = new ArrayDeque<>();
    /** QoS 2 messages received and PUBREC'd, released to subscribers on PUBREL (method B, section 4.3.3). */
    final Map<Integer, Message> awaitingRelease = new LinkedHashMap<>();
    BrokerConnection connection;
    private int nextId = 1;

    Session(String clientId, boolean persistent) {
        this.clientId = clientId;
        this.persistent = persistent;
    }

    /** The next free packet identifier, 1 to 65535 (section 2.3.1), skipping those in flight. */
    int nextPacketId() {
        for (int tries = 0; tries < 65535; tries++) {
            int id = nextId;
            nextId = nextId == 65535 ? 1 : nextId + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free packet identifier");
    }

    boolean online() {
        return connection != null;
    }
}
