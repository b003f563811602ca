package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bench's world at a bounded size: 2,000 members on three chat servers that share the room over
 * Redis pub/sub all join and each gets exactly one copy of the broadcast; the same seed gives the
 * same run. (Speed and memory are the bench command's to measure, not a test's.)
 */
class WebSocketBenchTest {
    @Test
    void every_member_of_a_three_server_cluster_gets_exactly_one_copy() {
        WebSocketBench.Result r = WebSocketBench.run(2_000, 3, 1);
        assertThat(r.joined()).isEqualTo(2_000);
        assertThat(r.delivered()).isEqualTo(2_000);
        assertThat(r.exactlyOnce()).isEqualTo(2_000);
        assertThat(r.fanOutMs()).isPositive();
    }

    @Test
    void the_same_seed_gives_the_same_run_and_another_seed_another() {
        WebSocketBench.Result a = WebSocketBench.run(500, 2, 7);
        WebSocketBench.Result b = WebSocketBench.run(500, 2, 7);
        WebSocketBench.Result c = WebSocketBench.run(500, 2, 8);
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(b.events()).isEqualTo(a.events());
        assertThat(b.fanOutMs()).isEqualTo(a.fanOutMs());
        assertThat(c.digest()).isNotEqualTo(a.digest());
    }

    @Test
    void more_members_than_one_balancer_address_has_ports_for_one_backend_get_more_servers() {
        assertThat(WebSocketBench.chatServersFor(2_000)).isEqualTo(2);
        assertThat(WebSocketBench.chatServersFor(100_000)).isEqualTo(4);
        assertThat(WebSocketBench.chatServersFor(100_001)).isEqualTo(5);
    }
}
