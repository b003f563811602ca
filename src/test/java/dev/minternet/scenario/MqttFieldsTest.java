package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.problemIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.MqttServiceType.MqttSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: mqtt}: defaults and one-line errors at the field. */
class MqttFieldsTest {
    @TempDir
    Path dir;

    static final String HEAD = """
            name: w
            duration: 10s
            nodes:
              - {name: a, kind: host}
            """;

    Path write(String yaml) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    Scenario load(String yaml) throws Exception {
        return ScenarioLoader.load(write(yaml));
    }

    String problem(String yaml) throws Exception {
        return problemIn(write(yaml)).getMessage();
    }

    @Test
    void an_mqtt_broker_reads_its_defaults_and_fields() throws Exception {
        Scenario s = load(HEAD + """
                  - name: b
                    kind: host
                    services:
                      - {type: mqtt}
                      - {type: mqtt, port: 1884, max-inflight: 5, max-queued: 10, max-packet: 64KiB, persistence: true}
                """);
        MqttSpec d = (MqttSpec) s.nodes().get(1).services().get(0);
        assertThat(d.port()).isEqualTo(1883);
        assertThat(d.maxInflight()).isEqualTo(20);
        assertThat(d.maxQueued()).isEqualTo(1000);
        assertThat(d.maxPacket()).isEqualTo(1 << 20);
        assertThat(d.persistence()).isFalse();
        MqttSpec m = (MqttSpec) s.nodes().get(1).services().get(1);
        assertThat(m.port()).isEqualTo(1884);
        assertThat(m.maxInflight()).isEqualTo(5);
        assertThat(m.maxQueued()).isEqualTo(10);
        assertThat(m.maxPacket()).isEqualTo(64 * 1024);
        assertThat(m.persistence()).isTrue();
    }

    @Test
    void bad_fields_are_one_line_errors_at_their_path() throws Exception {
        assertThat(problem(HEAD + "  - {name: b, kind: host, services: [{type: mqtt, max-inflight: 0}]}\n"))
                .contains(":5:").contains("nodes[1].services[0].max-inflight: expected an integer");
        assertThat(problem(HEAD + "  - {name: b, kind: host, services: [{type: mqtt, max-packet: 1GiB}]}\n"))
                .contains("nodes[1].services[0].max-packet: must be between 16 bytes and 256MiB");
        assertThat(problem(HEAD + "  - {name: b, kind: host, services: [{type: mqtt, persistence: maybe}]}\n"))
                .contains("nodes[1].services[0].persistence:");
        assertThat(problem(HEAD + "  - {name: b, kind: host, services: [{type: mqtt, qos: 1}]}\n"))
                .contains("unknown field 'qos'");
    }
}
