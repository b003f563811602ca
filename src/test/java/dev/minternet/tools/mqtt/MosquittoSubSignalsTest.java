package dev.minternet.tools.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mosquitto_sub 2.0.11's -W alarm as sub_client.c's signal handler takes it: after a CONNACK it
 * disconnects (MQTT 5: with reason code 0x04, so the broker publishes the will) and only then, the
 * loop over, prints "Timed out" (after -d's "sending DISCONNECT"), status 27; before any CONNACK
 * it calls exit(-1): nothing printed, status 255.
 */
class MosquittoSubSignalsTest {
    static final String WORLD = """
            name: sub-signals
            seed: 5
            routing: global
            duration: 20s
            nodes:
              - {name: a, kind: host}
              - {name: b, kind: host}
              - {name: r, kind: router}
              - {name: broker, kind: host, services: [{type: mqtt}]}
              - {name: mute, kind: host}
            links:
              - {a: a 10.0.1.2/24, b: r 10.0.1.1/24, delay: 1ms}
              - {a: b 10.0.2.2/24, b: r 10.0.2.1/24, delay: 1ms}
              - {a: broker 10.0.3.2/24, b: r 10.0.3.1/24, delay: 1ms}
              - {a: mute 10.0.4.2/24, b: r 10.0.4.1/24, delay: 1ms}
            timeline:
            """;

    @Test
    void the_alarm_disconnects_first_then_says_timed_out_and_a_v5_client_leaves_its_will() {
        Runs.Result r = Runs.run(WORLD + """
                  - {at: 0.5s, on: b, run: "mosquitto_sub -h broker -v -t 'wills/#' -W 5"}
                  - {at: 1s, on: a, run: "mosquitto_sub -h broker -d -i s5 -V 5 -t x -W 1 --will-topic wills/s5 --will-payload gone"}
                  - {at: 3s, on: a, run: "mosquitto_sub -h broker -i s4 -t x -W 1 --will-topic wills/s4 --will-payload gone"}
                """);
        assertThat(r.block("a", "mosquitto_sub -h broker -d -i s5 -V 5 -t x -W 1 --will-topic wills/s5 --will-payload gone", 0))
                .containsExactly("Client s5 sending CONNECT", "Client s5 received CONNACK (0)",
                        "Client s5 sending SUBSCRIBE (Mid: 1, Topic: x, QoS: 0, Options: 0x00)", "Client s5 received SUBACK",
                        "Subscribed (mid: 1): 0", "Client s5 sending DISCONNECT", "Timed out");
        // only the MQTT 5 client asked for its will; 3.1.1's DISCONNECT has no reason code and discards it
        assertThat(r.terminal("b")).containsExactly("wills/s5 gone", "Timed out");
        assertThat(codes(r, "a")).containsExactly(27L, 27L);
    }

    @Test
    void without_a_connack_the_alarm_ends_it_silently_with_255() {
        Runs.Result r = Runs.run(WORLD + """
                  - {at: 0s, on: mute, run: "nc -l 1883"}
                  - {at: 1s, on: a, run: "mosquitto_sub -h mute -t x -W 1"}
                """);
        assertThat(r.block("a", "mosquitto_sub -h mute -t x -W 1", 0)).isEmpty();
        assertThat(codes(r, "a")).containsExactly(255L);
    }

    static List<Long> codes(Runs.Result r, String node) {
        return r.events(e -> e.is(ToolEvents.EXIT) && e.node().equals(node)).stream().map(e -> e.num(ToolEvents.CODE)).toList();
    }
}
