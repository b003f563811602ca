package dev.minternet.bench;

import dev.minternet.http.NettyBridge;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.services.mqtt.MqttBroker;
import dev.minternet.services.mqtt.MqttPackets;
import dev.minternet.sim.Durations;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MQTT fan-out: N subscribers, each on its own access link behind one of sqrt(N) edge routers,
 * connect to one broker and subscribe to {@code bench/#} at QoS {@code qos}; then one publisher
 * sends M messages to {@code bench/t} at that QoS, one every millisecond, each answered with
 * PUBACK/PUBREC-PUBREL-PUBCOMP as the QoS asks. Measured: deliveries (messages that reached a
 * subscriber) per wall second of the publishing phase, with the whole stack (TCP, IP, links)
 * under the MQTT codec.
 */
public final class MqttBench {
    private MqttBench() {
    }

    /** What a run measured. */
    public record Result(int subscribers, int messages, int qos, int subscribed, long delivered, double setupSeconds,
            double fanOutWallSeconds, double simulatedFanOutMs, long events) {
        public double deliveriesPerSecond() {
            return fanOutWallSeconds <= 0 ? 0 : delivered / fanOutWallSeconds;
        }
    }

    public static Result run(int subscribers, int messages, int qos, long seed) {
        long t0 = System.nanoTime();
        World w = new World(seed, Instant.parse("2026-12-03T12:00:00Z"));
        Node core = w.addRouter("core");
        int burst = 2 * subscribers + 1000;
        LinkParams access = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(5 * Durations.MS);
        LinkParams backbone = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(2 * Durations.MS).withQueuePackets(burst);
        LinkParams dc = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(50 * Durations.US).withQueuePackets(burst);
        int edges = Math.max(1, (int) Math.ceil(Math.sqrt(subscribers)));
        List<Node> edgeRouters = new ArrayList<>();
        int next = Ip4.parse("10.128.0.0");
        for (int e = 0; e < edges; e++) {
            Node r = w.addRouter("edge-" + e);
            w.connect(r, new Cidr(next + 1, 30), core, new Cidr(next + 2, 30), backbone);
            next += 4;
            edgeRouters.add(r);
        }
        List<Node> clients = new ArrayList<>();
        int a = Ip4.parse("10.0.0.0");
        for (int i = 0; i <= subscribers; i++) { // the last one publishes
            Node c = w.addHost("c-" + i);
            w.connect(c, new Cidr(a + 1, 30), edgeRouters.get(i % edges), new Cidr(a + 2, 30), access);
            a += 4;
            clients.add(c);
        }
        Node broker = w.addHost("broker");
        w.connect(broker, Cidr.parse("10.200.0.2/24"), core, Cidr.parse("10.200.0.1/24"), dc);
        GlobalRouting.install(w);
        MqttBroker.listen(broker, new MqttBroker.Config("broker", 1883, 20, 1000, false, 1 << 20));
        int addr = broker.ip().primaryAddress();

        Counter count = new Counter();
        long rampNs = Math.max(Durations.S, subscribers * 20L * Durations.US);
        SplittableRandom rnd = w.sim().randoms().stream("bench:start");
        for (int i = 0; i < subscribers; i++) {
            Node c = clients.get(i);
            String id = "sub-" + i;
            w.sim().scheduleAt(rnd.nextLong(rampNs), () -> TcpStreamSocket.connect(c.tcp(), addr, 1883, TcpStreamSocket.noDelay(c.tcp()),
                    s -> new Peer(w, s, id, qos, count, true), err -> count.failed++));
        }
        long limit = 0;
        while (count.subscribed + count.failed < subscribers && limit < 600 * Durations.S) {
            limit += 100 * Durations.MS;
            w.sim().runUntil(limit);
        }
        Node pubNode = clients.get(subscribers);
        Peer[] pub = new Peer[1];
        TcpStreamSocket.connect(pubNode.tcp(), addr, 1883, TcpStreamSocket.noDelay(pubNode.tcp()),
                s -> pub[0] = new Peer(w, s, "publisher", qos, count, false), err -> count.failed++);
        w.sim().runUntil(limit + 200 * Durations.MS);
        long t1 = System.nanoTime();
        long start = w.sim().now();
        long want = (long) count.subscribed * messages;
        if (pub[0] != null && pub[0].ready) {
            for (int m = 0; m < messages; m++) {
                int mid = m % 65535 + 1;
                w.sim().scheduleAt(start + m * Durations.MS, () -> pub[0].publish(mid));
            }
        }
        while (count.delivered < want && w.sim().now() < start + 600 * Durations.S) {
            w.sim().runUntil(w.sim().now() + 100 * Durations.MS);
        }
        long t2 = System.nanoTime();
        return new Result(subscribers, messages, qos, count.subscribed, count.delivered, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (count.lastNs - start) / 1e6, w.sim().eventsExecuted());
    }

    private static final class Counter {
        int subscribed;
        int failed;
        long delivered;
        long lastNs;
    }

    /** A bench client: CONNECT, SUBSCRIBE (subscribers), the acknowledgements its QoS asks for. */
    private static final class Peer extends ChannelInboundHandlerAdapter {
        final World w;
        final int qos;
        final Counter count;
        final boolean subscriber;
        NettyBridge bridge;
        boolean ready;

        Peer(World w, StreamSocket s, String id, int qos, Counter count, boolean subscriber) {
            this.w = w;
            this.qos = qos;
            this.count = count;
            this.subscriber = subscriber;
            bridge = new NettyBridge(w.sim(), s, new MqttDecoder(), MqttEncoder.INSTANCE, this);
            send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(id).cleanSession(true).keepAlive(0).build());
        }

        void send(MqttMessage m) {
            bridge.channel().writeAndFlush(m);
            bridge.pump();
        }

        void publish(int mid) {
            send(MqttPackets.publish("bench/t", "reading 21.5".getBytes(StandardCharsets.UTF_8), qos, false, false, mid));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            MqttMessage m = (MqttMessage) msg;
            int id = MqttPackets.id(m);
            switch (m.fixedHeader().messageType()) {
                case CONNACK -> {
                    if (subscriber) {
                        MqttFixedHeader h = new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0);
                        send(new MqttSubscribeMessage(h, new MqttMessageIdAndPropertiesVariableHeader(1, MqttProperties.NO_PROPERTIES),
                                new MqttSubscribePayload(List.of(new MqttTopicSubscription("bench/#", MqttQoS.valueOf(qos))))));
                    } else {
                        ready = true;
                    }
                }
                case SUBACK -> count.subscribed++;
                case PUBLISH -> {
                    count.delivered++;
                    count.lastNs = w.sim().now();
                    int q = ((MqttPublishMessage) m).fixedHeader().qosLevel().value();
                    if (q == 1) {
                        send(MqttPackets.reply(MqttMessageType.PUBACK, id));
                    } else if (q == 2) {
                        send(MqttPackets.reply(MqttMessageType.PUBREC, id));
                    }
                }
                case PUBREC -> send(MqttPackets.reply(MqttMessageType.PUBREL, id));
                case PUBREL -> send(MqttPackets.reply(MqttMessageType.PUBCOMP, id));
                default -> {
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
