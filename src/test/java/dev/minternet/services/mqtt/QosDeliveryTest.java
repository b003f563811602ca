package dev.minternet.services.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QoS 1 and 2 as the MQTT specification promises them (section 4.3), across links that drop one
 * packet in ten and a broker that crashes and is restored while messages are in flight: every
 * client holds a persistent session ({@code -c -i}) on a broker with persistence. QoS 2 delivers
 * each message exactly once; QoS 1 at least once, a repeat only as a DUP redelivery.
 */
class QosDeliveryTest {
    static final int MESSAGES = 40;

    static Runs.Result run;

    @BeforeAll
    static void play() {
        StringBuilder y = new StringBuilder("""
                name: qos
                seed: 7
                routing: global
                duration: 60s
                nodes:
                  - {name: pub1, kind: host}
                  - {name: pub2, kind: host}
                  - {name: sub1, kind: host}
                  - {name: sub2, kind: host}
                  - {name: r, kind: router}
                  - {name: broker, kind: host, services: [{type: mqtt, persistence: true}]}
                links:
                  - {a: pub1 10.0.1.2/24, b: r 10.0.1.1/24, delay: 5ms, loss: 20%}
                  - {a: pub2 10.0.2.2/24, b: r 10.0.2.1/24, delay: 5ms, loss: 20%}
                  - {a: sub1 10.0.3.2/24, b: r 10.0.3.1/24, delay: 5ms, loss: 20%}
                  - {a: sub2 10.0.4.2/24, b: r 10.0.4.1/24, delay: 5ms, loss: 20%}
                  - {a: r 10.0.9.1/24, b: broker 10.0.9.2/24, delay: 1ms}
                timeline:
                  - {at: 1s, on: sub1, run: "mosquitto_sub -h broker -c -i s1 -q 1 -k 5 -v -t 'test/#'"}
                  - {at: 1s, on: sub2, run: "mosquitto_sub -h broker -c -i s2 -q 2 -k 5 -v -t 'test/#'"}
                  - {at: 2s, on: pub1, run: "mosquitto_pub -h broker -c -i p1 -q 1 -k 5 -l -t test/q1"}
                  - {at: 2s, on: pub2, run: "mosquitto_pub -h broker -c -i p2 -q 2 -k 5 -l -t test/q2"}
                  - {at: 9s, crash: broker}
                  - {at: 10s, restore: broker}
                  - {at: 12s, crash: broker}
                  - {at: 13s, restore: broker}
                  - {at: 15s, crash: broker}
                  - {at: 16s, restore: broker}
                """);
        for (int i = 1; i <= MESSAGES; i++) {
            String at = String.format(java.util.Locale.ROOT, "%.2fs", 8 + i * 0.2);
            y.append("  - {at: ").append(at).append(", on: pub1, input: \"m").append(i).append("\"}\n");
            y.append("  - {at: ").append(at).append(", on: pub2, input: \"m").append(i).append("\"}\n");
        }
        y.append("  - {at: 25s, on: pub1, input: \"^D\"}\n");
        y.append("  - {at: 25s, on: pub2, input: \"^D\"}\n");
        run = Runs.run(y.toString());
    }

    static List<String> all() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            out.add("m" + i);
        }
        return out;
    }

    @Test
    void the_run_loses_packets_and_restarts_the_broker_with_messages_in_flight() {
        assertThat(run.events(MqttEvents.RESTART)).hasSize(3);
        long firstPublish = run.events(e -> e.is(MqttEvents.ROUTE)).get(0).time();
        assertThat(run.events(e -> e.is(MqttEvents.SUBSCRIBE) && e.time() < firstPublish)).as("both subscribed before the first message")
                .extracting(e -> e.get(MqttEvents.CLIENT)).contains("s1", "s2");
        assertThat(run.events(e -> e.is(MqttEvents.SESSION) && e.get(MqttEvents.SESSION_PRESENT)))
                .extracting(e -> e.get(MqttEvents.CLIENT)).contains("s1", "s2", "p1", "p2");
        assertThat(run.events(e -> e.is(MqttEvents.PACKET) && e.get(MqttEvents.TYPE).equals("PUBLISH") && e.get(MqttEvents.DUP)))
                .as("messages sent again with DUP after the reconnects").isNotEmpty();
        // the case QoS 2 exists for: the broker had the message, the PUBREC was lost with the connection
        assertThat(run.events(e -> e.is(MqttEvents.PACKET) && e.node().equals("broker") && e.get(MqttEvents.TYPE).equals("PUBLISH")
                && e.get(MqttEvents.DIR).equals("recv") && e.get(MqttEvents.DUP) && e.num(MqttEvents.QOS) == 2)).isNotEmpty();
        assertThat(run.events(e -> e.is(MqttEvents.PACKET) && e.get(MqttEvents.TYPE).equals("PUBREL")
                && e.get(MqttEvents.DIR).equals("send") && e.node().equals("pub2"))).hasSizeGreaterThanOrEqualTo(MESSAGES);
    }

    @Test
    void both_publishers_have_every_message_acknowledged_and_exit_0() {
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.node().startsWith("pub")))
                .extracting(e -> e.node() + " " + e.num(ToolEvents.CODE)).containsExactlyInAnyOrder("pub1 0", "pub2 0");
    }

    /** The payloads {@code node} printed for {@code topic}, in order. */
    static List<String> heard(String node, String topic) {
        return run.terminal(node).stream().filter(l -> l.startsWith(topic + " ")).map(l -> l.substring(topic.length() + 1)).toList();
    }

    @Test
    void qos_2_delivers_every_message_exactly_once_and_in_order() {
        assertThat(heard("sub2", "test/q2")).containsExactlyElementsOf(all());
    }

    @Test
    void qos_1_delivers_every_message_at_least_once_and_repeats_only_what_was_sent_again() {
        long dups = run.events(e -> e.is(MqttEvents.PACKET) && e.get(MqttEvents.TYPE).equals("PUBLISH") && e.get(MqttEvents.DUP)
                && e.get(MqttEvents.DIR).equals("recv") && e.get(MqttEvents.TOPIC).equals("test/q1")).size();
        for (String node : List.of("sub1", "sub2")) {
            List<String> got = heard(node, "test/q1");
            assertThat(new LinkedHashSet<>(got)).as(node).containsExactlyInAnyOrderElementsOf(all());
            assertThat(got.size() - MESSAGES).as(node + ": repeats").isLessThanOrEqualTo((int) dups);
        }
        // a subscription at QoS 1 gets the QoS 2 messages at QoS 1 (the lower of the two): at least once
        assertThat(new LinkedHashSet<>(heard("sub1", "test/q2"))).containsExactlyInAnyOrderElementsOf(all());
        assertThat(run.events(e -> e.is(MqttEvents.PACKET) && e.node().equals("sub1") && e.get(MqttEvents.TYPE).equals("PUBLISH")))
                .allMatch(e -> e.num(MqttEvents.QOS) == 1);
    }
}
