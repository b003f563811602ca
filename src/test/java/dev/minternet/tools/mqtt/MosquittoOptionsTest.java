package dev.minternet.tools.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import org.junit.jupiter.api.Test;

/**
 * Options of mosquitto_pub and mosquitto_sub 2.0.11 as client_shared.c and sub_client.c take them:
 * -u/-P put a user name and password in CONNECT (a password alone is refused by
 * mosquitto_username_pw_set under MQTT 3.1.1, printed without the usage hint), -R leaves retained
 * messages out, -E disconnects once subscribed, --quiet silences "Timed out", -p 0 is a port
 * (only below 0 or above 65535 is refused).
 */
class MosquittoOptionsTest {
    @Test
    void user_password_no_retained_exit_after_subscribe_and_quiet() {
        Runs.Result r = Runs.run(MosquittoSubSignalsTest.WORLD + """
                  - {at: 0.5s, on: a, run: "mosquitto_pub -h broker -u alice -P s3cret -t st -m on -r"}
                  - {at: 1s, on: b, run: "mosquitto_sub -h broker -t st -R -W 1 -v"}
                  - {at: 3s, on: b, run: "mosquitto_sub -h broker -t st -E -d"}
                  - {at: 4s, on: b, run: "mosquitto_sub -h broker -t nothing -W 1 --quiet"}
                  - {at: 6s, on: b, run: "mosquitto_pub -h broker -P x -t st -m y"}
                  - {at: 7s, on: b, run: "mosquitto_pub -h broker -p 0 -t st -m y"}
                """);
        assertThat(r.terminal("b")).containsExactly("Timed out",
                "Client (null) sending CONNECT", "Client (null) received CONNACK (0)",
                "Client (null) sending SUBSCRIBE (Mid: 1, Topic: st, QoS: 0, Options: 0x00)", "Client (null) received SUBACK",
                "Subscribed (mid: 1): 0", "Client (null) sending DISCONNECT",
                "Error: Problem setting username and/or password.",
                "Error: Connection refused");
        assertThat(MosquittoSubSignalsTest.codes(r, "b")).containsExactly(27L, 0L, 27L, 1L, 1L);
    }

    /**
     * The reference capture's -F line (06-mqtt/26-mosquitto_sub-F.txt), at the same wall time; then
     * width, alignment, zero padding, precision and hex as formatted_print does them (write_payload
     * cuts the payload to the field width: %6p of payload42 is payloa).
     */
    @Test
    void format_as_the_reference_prints_it() {
        String world = MosquittoSubSignalsTest.WORLD.replace("duration: 20s", "duration: 20s\nstart: 2026-12-03T12:59:33Z");
        Runs.Result r = Runs.run(world + """
                  - {at: 0s, on: b, run: "mosquitto_sub -h broker -t 'a/#' -C 2 -W 5 -F '%I %t %q %r %l %p'"}
                  - {at: 1s, on: a, run: "mosquitto_pub -h broker -t a/fmt -m payload42 -q 1"}
                  - {at: 0s, on: a, run: "mosquitto_sub -h broker -q 1 -t 'a/#' -C 1 -F '[%-8t|%5l|%05m|%x|%.3t|%6p]@@%%'"}
                  - {at: 2s, on: a, run: "mosquitto_pub -h broker -t a/x -m hi -q 1"}
                """);
        assertThat(r.terminal("b")).startsWith("2026-12-03T12:59:34+0000 a/fmt 0 0 9 payload42");
        assertThat(r.terminal("a")).containsExactly("[a/fmt   |    9|00001|7061796c6f61643432|a/f|payloa]@%");
        assertThat(SubFormat.format("%t\\t%p\\n%X%", "t", new byte[] {0x41, 0x62}, 0, true, 0, java.time.Instant.EPOCH))
                .isEqualTo("t\tAb\n4162");
        assertThat(SubFormat.format("%U %I", "t", new byte[0], 0, false, 0, java.time.Instant.ofEpochSecond(1, 5)))
                .isEqualTo("1.000000005 1970-01-01T00:00:01+0000");
    }
}
