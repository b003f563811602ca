package dev.minternet.cli;

import static dev.minternet.cli.BenchCommandTest.bench;
import static dev.minternet.cli.BenchCommandTest.count;
import static dev.minternet.cli.BenchCommandTest.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench websocket} with a small room: everyone joins and the one message reaches everyone. */
class BenchWebSocketTest {
    @Test
    void every_subscriber_joins_and_gets_the_message_after_two_one_way_trips() {
        String out = bench("websocket", "--subscribers", "40", "--seed", "3");
        assertThat(count(out, "subscribers: ")).isEqualTo(40);
        assertThat(count(out, "joined: ")).isEqualTo(40);
        assertThat(count(out, "delivered: ")).isEqualTo(40);
        // up from a subscriber to the chat server and back down to the farthest member: each way
        // 5 ms access + 2 ms backbone + 3 x 50 us in the data centre, plus serialization and queueing
        double fanOut = numbers(out, "fan-out (simulated): ").get(0);
        assertThat(fanOut).isBetween(14.3, 15.0);
        assertThat(out).contains("peak heap: ", "fan-out wall: ");
    }
}
