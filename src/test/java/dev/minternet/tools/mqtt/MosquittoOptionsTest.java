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
}
