package dev.minternet.services.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamPipe;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The broker's packet flows, driven packet by packet over an in-memory pipe (1 ms each way) with
 * Netty's MQTT codec on the client side: the QoS 2 handshake and its repeats, redelivery with DUP
 * and PUBREL after a reconnect, retained messages, keep-alive expiry and the will.
 */
class BrokerFlowTest {
    static final long MS = 1_000_000L;

    final Simulator sim = new Simulator(7);
    final MqttBroker broker = new MqttBroker(sim, null, MqttBroker.Config.of("broker"), new SplittableRandom(1));

    /** A raw client: what it sends and, as one line per packet, what it receives. */
    final class Client extends ChannelInboundHandlerAdapter {
        final List<String> got = new ArrayList<>();
        final NettyBridge bridge;
        boolean closed;

        Client() {
            StreamPipe p = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(MS));
            bridge = new NettyBridge(sim, p.client(), new MqttDecoder(), MqttEncoder.INSTANCE, this);
            broker.accept(p.server());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            MqttMessage m = (MqttMessage) msg;
            MqttFixedHeader h = m.fixedHeader();
            String line = h.messageType() + " " + MqttPackets.id(m);
            if (m instanceof MqttPublishMessage p) {
                line = "PUBLISH q" + h.qosLevel().value() + " d" + (h.isDup() ? 1 : 0) + " r" + (h.isRetain() ? 1 : 0) + " id"
                        + MqttPackets.id(p) + " " + p.variableHeader().topicName() + " " + p.payload().toString(StandardCharsets.UTF_8);
            } else if (m instanceof MqttConnAckMessage a) {
                line = "CONNACK " + (a.variableHeader().connectReturnCode().byteValue() & 0xff) + " sp" + (a.variableHeader().isSessionPresent() ? 1 : 0);
            } else if (m instanceof MqttSubAckMessage s) {
                line = "SUBACK " + s.payload().reasonCodes();
            }
            got.add(line);
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
        }

        Client send(Object m) {
            bridge.channel().writeAndFlush(m);
            bridge.pump();
            sim.runUntil(sim.now() + 10 * MS);
            return this;
        }

        Client connect(String id, boolean clean, int keepAlive) {
            return send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(id).cleanSession(clean)
                    .keepAlive(keepAlive).build());
        }

        Client connectWithWill(String id, int keepAlive, String topic, String text) {
            return send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(id).cleanSession(true)
                    .keepAlive(keepAlive).willFlag(true).willTopic(topic).willMessage(text.getBytes(StandardCharsets.UTF_8))
                    .willQoS(MqttQoS.AT_MOST_ONCE).build());
        }

        Client subscribe(String filter, int qos) {
            MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0);
            return send(new MqttSubscribeMessage(h, new MqttMessageIdAndPropertiesVariableHeader(1, MqttProperties.NO_PROPERTIES),
                    new MqttSubscribePayload(List.of(new MqttTopicSubscription(filter, MqttQoS.valueOf(qos))))));
        }

        Client publish(String topic, String text, int qos, boolean retain, boolean dup, int id) {
            return send(MqttPackets.publish(topic, text.getBytes(StandardCharsets.UTF_8), qos, retain, dup, id));
        }

        Client reply(MqttMessageType type, int id) {
            return send(MqttPackets.reply(type, id));
        }

        /** The connection breaks (a reset, as when a NAT forgets it): no DISCONNECT. */
        void drop() {
            bridge.abort();
            sim.runUntil(sim.now() + 10 * MS);
        }

        List<String> take() {
            List<String> out = List.copyOf(got);
            got.clear();
            return out;
        }
    }

    @Test
    void a_qos_2_publish_repeated_with_dup_after_a_lost_pubrec_reaches_the_subscriber_once() {
        Client sub = new Client().connect("sub", true, 0).subscribe("a/#", 2);
        Client pub = new Client().connect("pub", false, 0).publish("a/b", "once", 2, false, false, 7);
        assertThat(pub.take()).containsExactly("CONNACK 0 sp0", "PUBREC 7");
        assertThat(sub.take()).containsExactly("CONNACK 0 sp0", "SUBACK [2]").as("routed on PUBREL, not before");
        pub.drop(); // the PUBREC never reached the publisher's application
        Client again = new Client().connect("pub", false, 0).publish("a/b", "once", 2, false, true, 7).reply(MqttMessageType.PUBREL, 7);
        assertThat(again.take()).containsExactly("CONNACK 0 sp1", "PUBREC 7", "PUBCOMP 7");
        assertThat(sub.take()).containsExactly("PUBLISH q2 d0 r0 id1 a/b once");
        again.reply(MqttMessageType.PUBREL, 7); // a repeated PUBREL is answered and routes nothing
        assertThat(again.take()).containsExactly("PUBCOMP 7");
        assertThat(sub.take()).isEmpty();
    }

    @Test
    void after_a_reconnect_the_broker_sends_unacknowledged_publishes_with_dup_and_pubrel_for_pubrec_d_ones() {
        Client sub = new Client().connect("s", false, 0).subscribe("t/#", 2);
        sub.take();
        Client pub = new Client().connect("p", true, 0);
        pub.publish("t/1", "one", 1, false, false, 1).publish("t/2", "two", 2, false, false, 2).reply(MqttMessageType.PUBREL, 2);
        assertThat(sub.take()).containsExactly("PUBLISH q1 d0 r0 id1 t/1 one", "PUBLISH q2 d0 r0 id2 t/2 two");
        sub.reply(MqttMessageType.PUBREC, 2); // QoS 2 at stage two; QoS 1 never acknowledged
        assertThat(sub.take()).containsExactly("PUBREL 2");
        sub.drop();
        pub.publish("t/3", "three", 1, false, false, 3); // while the subscriber is away: queued
        Client back = new Client().connect("s", false, 0);
        assertThat(back.take()).containsExactly("CONNACK 0 sp1", "PUBLISH q1 d1 r0 id1 t/1 one", "PUBREL 2",
                "PUBLISH q1 d0 r0 id3 t/3 three");
        back.reply(MqttMessageType.PUBACK, 1).reply(MqttMessageType.PUBCOMP, 2).reply(MqttMessageType.PUBACK, 3);
        assertThat(broker.sessions.get("s").inflight).isEmpty();
    }

    @Test
    void a_clean_session_starts_empty_and_a_persistent_one_keeps_its_subscriptions() {
        new Client().connect("x", false, 0).subscribe("a", 1).drop();
        Client c = new Client().connect("x", false, 0);
        assertThat(c.take()).containsExactly("CONNACK 0 sp1");
        new Client().publish("a", "hi", 1, false, false, 1);
        c.drop();
        Client clean = new Client().connect("x", true, 0);
        assertThat(clean.take()).containsExactly("CONNACK 0 sp0");
        assertThat(broker.sessions.get("x").subscriptions).isEmpty();
    }

    @Test
    void a_retained_message_goes_to_each_new_subscription_until_an_empty_one_clears_it() {
        Client pub = new Client().connect("p", true, 0).publish("home/status", "online", 1, true, false, 1);
        assertThat(pub.take()).containsExactly("CONNACK 0 sp0", "PUBACK 1");
        Client s1 = new Client().connect("s1", true, 0).subscribe("home/+", 0);
        assertThat(s1.take()).containsExactly("CONNACK 0 sp0", "SUBACK [0]", "PUBLISH q0 d0 r1 id0 home/status online");
        pub.publish("home/status", "busy", 0, true, false, 0);
        assertThat(s1.take()).as("an established subscription gets RETAIN 0").containsExactly("PUBLISH q0 d0 r0 id0 home/status busy");
        pub.publish("home/status", "", 0, true, false, 0);
        assertThat(broker.retainedPayload("home/status")).isNull();
        Client s2 = new Client().connect("s2", true, 0).subscribe("home/#", 0);
        assertThat(s2.take()).containsExactly("CONNACK 0 sp0", "SUBACK [0]");
    }

    @Test
    void a_client_silent_for_one_and_a_half_keep_alives_is_dropped_and_its_will_published() {
        Client watcher = new Client().connect("w", true, 0).subscribe("dev/#", 0);
        watcher.take();
        Client dev = new Client().connectWithWill("dev", 10, "dev/status", "offline");
        long connected = sim.now();
        sim.runUntil(connected + 14_900 * MS);
        assertThat(dev.closed).isFalse();
        assertThat(watcher.take()).isEmpty();
        sim.runUntil(connected + 15_100 * MS);
        assertThat(dev.closed).isTrue();
        assertThat(watcher.take()).containsExactly("PUBLISH q0 d0 r0 id0 dev/status offline");
    }

    @Test
    void disconnect_discards_the_will_and_a_pingreq_keeps_the_connection() {
        Client watcher = new Client().connect("w", true, 0).subscribe("dev/#", 0);
        watcher.take();
        Client dev = new Client().connectWithWill("dev", 10, "dev/status", "offline");
        sim.runUntil(sim.now() + 9_000 * MS);
        dev.send(MqttPackets.bare(MqttMessageType.PINGREQ));
        sim.runUntil(sim.now() + 9_000 * MS);
        assertThat(dev.closed).isFalse();
        assertThat(dev.take()).containsExactly("CONNACK 0 sp0", "PINGRESP 0");
        dev.send(MqttPackets.bare(MqttMessageType.DISCONNECT));
        assertThat(dev.closed).isTrue();
        assertThat(watcher.take()).isEmpty();
    }

    @Test
    void a_bad_filter_is_refused_with_0x80_and_a_wildcard_in_a_topic_name_closes_the_connection() {
        Client c = new Client().connect("c", true, 0).subscribe("a/#/b", 1);
        assertThat(c.take()).containsExactly("CONNACK 0 sp0", "SUBACK [128]");
        // Netty's encoder refuses such a topic; the raw bytes of PUBLISH QoS 0 "a/+" "x"
        c.bridge.channel().writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {0x30, 6, 0, 3, 'a', '/', '+', 'x'}));
        c.bridge.pump();
        sim.runUntil(sim.now() + 10 * MS);
        assertThat(c.closed).isTrue();
        Client anon = new Client().connect("", false, 0);
        assertThat(anon.take()).as("a zero-byte id needs clean session (3.1.3.1)").containsExactly("CONNACK 2 sp0");
    }

    @Test
    void beyond_the_inflight_window_messages_queue_and_follow_the_acknowledgements() {
        Client sub = new Client().connect("s", true, 0).subscribe("q", 1);
        sub.take();
        for (int i = 0; i < 25; i++) {
            new Client().connect("p" + i, true, 0).publish("q", "m" + i, 1, false, false, 1);
        }
        assertThat(sub.take()).hasSize(20).as("max_inflight_messages 20");
        sub.reply(MqttMessageType.PUBACK, 1);
        assertThat(sub.take()).containsExactly("PUBLISH q1 d0 r0 id21 q m20");
    }
}
