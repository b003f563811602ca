package dev.minternet.services.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.tools.ToolEvents;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/pubsub-mqtt.yaml end to end: QoS 0/1/2 through a broker, wildcards, a retained
 * message, a last will after a keep-alive expiry, a broker crash and restore with a persistent
 * session. One run with every interface captured serves the checks; a second must be byte-identical.
 */
class PubSubMqttExampleTest {
    static final Path EXAMPLE = Path.of("examples/pubsub-mqtt.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void subscribers_hear_what_their_filters_match_and_the_will_after_the_keep_alive_expires() {
        assertThat(run.terminal("dashboard")).containsExactly("home/kitchen/temp 21.5", "home/kitchen/temp 21.7",
                "home/status online", "home/hall/temp 19.0", "home/device-1/status offline",
                // after the restart: the retained messages the broker kept, sent on the new subscription
                "home/device-1/status offline", "home/status online");
        // home/+/temp matches one level only: not home/status, not home/device-1/status
        assertThat(run.terminal("logger")).containsExactly("home/kitchen/temp 21.5", "home/kitchen/temp 21.7", "home/hall/temp 19.0",
                "home/kitchen/temp 22.0");
        List<TraceEvent> will = run.events(MqttEvents.WILL);
        assertThat(will).hasSize(1);
        assertThat(will.get(0).get(MqttEvents.CLIENT)).isEqualTo("device-1");
        TraceEvent close = run.events(e -> e.is(MqttEvents.CLOSE) && "device-1".equals(e.get(MqttEvents.CLIENT))).get(0);
        assertThat(close.get(MqttEvents.WHY)).isEqualTo("keep-alive");
        long lastHeard = run.events(e -> e.is(MqttEvents.PACKET) && e.node().equals("broker") && "device-1".equals(e.get(MqttEvents.CLIENT))
                && e.get(MqttEvents.DIR).equals("recv")).stream().mapToLong(TraceEvent::time).max().orElseThrow();
        assertThat(close.time() - lastHeard).as("one and a half times -k 10").isEqualTo(15_000_000_000L);
    }

    @Test
    void the_sensor_prints_libmosquittos_log_of_the_qos_2_flow() {
        assertThat(run.terminal("sensor")).containsExactly(
                "Client (null) sending CONNECT",
                "Client (null) received CONNACK (0)",
                "Client (null) sending PUBLISH (d0, q2, r0, m1, 'home/kitchen/temp', ... (4 bytes))",
                "Client (null) received PUBREC (Mid: 1)",
                "Client (null) sending PUBREL (m1)",
                "Client (null) received PUBCOMP (Mid: 1, RC:0)",
                "Client (null) sending DISCONNECT");
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("sensor")))
                .extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L, 0L, 0L, 0L, 0L);
    }

    @Test
    void the_persistent_session_survives_the_broker_restart_and_its_queued_message_follows_the_connack() {
        TraceEvent restart = run.events(MqttEvents.RESTART).get(0);
        assertThat(restart.num(MqttEvents.SESSIONS)).as("logger's persistent session").isEqualTo(1);
        assertThat(restart.num(MqttEvents.RETAINED)).as("home/status and the will").isEqualTo(2);
        List<TraceEvent> queued = run.events(MqttEvents.QUEUE);
        assertThat(queued).extracting(e -> e.get(MqttEvents.CLIENT) + " " + e.get(MqttEvents.TOPIC) + " q" + e.num(MqttEvents.QOS))
                .containsExactly("logger home/kitchen/temp q2");
        List<TraceEvent> resumed = run.events(e -> e.is(MqttEvents.SESSION) && "logger".equals(e.get(MqttEvents.CLIENT)));
        assertThat(resumed).hasSize(2);
        assertThat(resumed.get(0).get(MqttEvents.SESSION_PRESENT)).isFalse();
        assertThat(resumed.get(1).get(MqttEvents.SESSION_PRESENT)).isTrue();
        assertThat(resumed.get(1).time()).isGreaterThan(restart.time());
    }

    @Test
    void tshark_decodes_mqtt_with_nothing_malformed_and_the_packets_of_the_trace() throws Exception {
        Oracles.tshark();
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(run.dir())) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).hasSize(10);
        for (Path p : pcaps) {
            Tshark.assertClean(p);
        }
        for (String node : List.of("sensor", "dashboard", "logger")) {
            Path pcap = run.dir().resolve(node + "-eth0.pcap");
            // each direction in stream order (TCP connection, then sequence number), each segment once:
            // on the lossy links a segment can be captured twice (retransmitted) or after a later one
            // (filling a hole), while the broker and clients read and write their streams in order
            Map<String, java.util.TreeMap<Long, String>> byDir = Map.of("send", new java.util.TreeMap<>(), "recv", new java.util.TreeMap<>());
            String me = Ip4.str(run.world().node(node).ip().primaryAddress());
            // without sequence analysis tshark dissects every segment, also one it would call a retransmission
            // because the first copy was lost before this capture point (the seq is then the raw one)
            for (Map<String, String> row : Tshark.fieldsWith(pcap, List.of("-o", "tcp.analyze_sequence_numbers:FALSE"), "mqtt",
                    "ip.src", "tcp.stream", "tcp.seq", "mqtt.msgtype")) {
                long key = Long.parseLong(row.get("tcp.stream")) << 32 | Long.parseLong(row.get("tcp.seq"));
                // a retransmission may carry more than the segment it repeats (the sender coalesces): keep the longer
                byDir.get(row.get("ip.src").equals(me) ? "send" : "recv").merge(key, row.get("mqtt.msgtype"),
                        (a, b) -> b.length() > a.length() ? b : a);
            }
            for (String dir : List.of("send", "recv")) {
                List<String> seen = new ArrayList<>();
                for (String types : byDir.get(dir).values()) {
                    seen.addAll(List.of(types.split(",")));
                }
                List<String> traced = run.events(e -> e.is(MqttEvents.PACKET) && e.node().equals(node) && e.get(MqttEvents.DIR).equals(dir))
                        .stream().map(e -> String.valueOf(TYPE_CODES.indexOf(e.get(MqttEvents.TYPE)))).toList();
                assertThat(seen).as(node + " " + dir).isEqualTo(traced);
            }
        }
        Path sensor = run.dir().resolve("sensor-eth0.pcap");
        List<String> publishes = new ArrayList<>();
        for (Map<String, String> row : Tshark.fields(sensor, "mqtt.msgtype == 3", "mqtt.topic", "mqtt.msg", "mqtt.qos", "mqtt.retain", "mqtt.msgid")) {
            publishes.add(row.get("mqtt.topic") + " " + row.get("mqtt.qos") + " " + row.get("mqtt.retain") + " " + row.get("mqtt.msgid"));
        }
        List<String> traced = run.events(e -> e.is(MqttEvents.PACKET) && e.node().equals("sensor") && e.get(MqttEvents.TYPE).equals("PUBLISH"))
                .stream().map(e -> e.get(MqttEvents.TOPIC) + " " + e.num(MqttEvents.QOS) + " " + (e.get(MqttEvents.RETAIN) ? "1" : "0")
                        + " " + (e.num(MqttEvents.QOS) == 0 ? "" : String.valueOf(e.num(MqttEvents.ID)))).toList();
        assertThat(publishes).isEqualTo(traced);
        assertThat(Tshark.count(run.dir().resolve("broker-eth0.pcap"), "mqtt.msgtype == 6")).as("PUBREL").isGreaterThan(0);
    }

    /** MQTT control packet type codes (section 2.2.1), index = code. */
    static final List<String> TYPE_CODES = List.of("", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
            "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT");

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
