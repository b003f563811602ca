package dev.minternet.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.redis.RedisEvents;
import dev.minternet.testing.Runs;
import org.junit.jupiter.api.Test;

/**
 * Two chat servers behind a load balancer sharing their rooms over Redis pub/sub: members on
 * either server hear every message once, in one order, and the servers subscribe to a room's
 * channel only while they have members in it.
 */
class ChatClusterTest {
    static Runs.Result run(String announce) {
        return run(announce, "");
    }

    static Runs.Result run(String announce, String more) {
        return Runs.run("""
                name: t
                routing: global
                duration: 10s
                nodes:
                  - {name: a, kind: host}
                  - {name: b, kind: host}
                  - {name: c, kind: host}
                  - {name: d, kind: host}
                  - {name: r, kind: router}
                  - {name: lb, kind: host, services: [{type: lb, port: 80, backends: [s1:80, s2:80], algorithm: round-robin}]}
                  - {name: s1, kind: host, services: [{type: chat, port: 80, ping: 0, redis: cache:6379%1$s}]}
                  - {name: s2, kind: host, services: [{type: chat, port: 80, ping: 0, redis: cache:6379%1$s}]}
                  - {name: cache, kind: host, services: [{type: redis}]}
                links:
                  - {a: a 10.0.1.2/24, b: r 10.0.1.1/24, delay: 2ms}
                  - {a: b 10.0.2.2/24, b: r 10.0.2.1/24, delay: 3ms}
                  - {a: c 10.0.3.2/24, b: r 10.0.3.1/24, delay: 4ms}
                  - {a: d 10.0.8.2/24, b: r 10.0.8.1/24, delay: 2ms}
                  - {a: lb 10.0.4.2/24, b: r 10.0.4.1/24, delay: 1ms}
                  - {a: s1 10.0.5.2/24, b: r 10.0.5.1/24, delay: 1ms}
                  - {a: s2 10.0.6.2/24, b: r 10.0.6.1/24, delay: 1ms}
                  - {a: cache 10.0.7.2/24, b: r 10.0.7.1/24, delay: 1ms}
                timeline:
                  - {at: 1s, on: a, run: "websocat ws://lb/room/x?name=ann"}
                  - {at: 2s, on: b, run: "websocat ws://lb/room/x?name=bo"}
                  - {at: 3s, on: c, run: "websocat ws://lb/room/x?name=cy"}
                  - {at: 4s, on: b, input: "hi"}
                  - {at: 4s, on: c, input: "yo"}
                  - {at: 5s, on: c, input: "^D"}
                  - {at: 6s, on: b, input: "^D"}
                """.formatted(announce) + more);
    }

    @Test
    void every_member_on_either_server_hears_each_message_once_in_one_order() {
        Runs.Result r = run(", announce: false");
        // round robin: ann and cy on s1, bo on s2
        assertThat(r.events(ChatEvents.JOIN).stream().map(e -> e.node() + " " + e.get(ChatEvents.MEMBER)))
                .containsExactly("s1 ann", "s2 bo", "s1 cy");
        assertThat(r.terminal("a")).containsExactly("* ann joined room x", "bo: hi", "cy: yo");
        assertThat(r.terminal("b")).containsExactly("* bo joined room x", "bo: hi", "cy: yo");
        assertThat(r.terminal("c")).containsExactly("* cy joined room x", "bo: hi", "cy: yo");
        // each message was published once and reached both servers' subscriptions
        assertThat(r.events(RedisEvents.PUBLISH)).hasSize(2).allMatch(e -> e.get(RedisEvents.RECEIVERS) == 2L);
    }

    @Test
    void joins_and_leaves_are_announced_across_servers_once_each() {
        Runs.Result r = run("");
        assertThat(r.terminal("a")).containsExactly("* ann joined room x", "* bo joined room x", "* cy joined room x",
                "bo: hi", "cy: yo", "* cy left room x", "* bo left room x");
        assertThat(r.terminal("c")).containsExactly("* cy joined room x", "bo: hi", "cy: yo");
    }

    @Test
    void a_server_subscribes_at_its_first_member_and_unsubscribes_when_its_last_leaves() {
        Runs.Result r = run(", announce: false");
        // s1 keeps ann after cy leaves; s2's only member bo leaves at 6 s
        assertThat(r.events(e -> e.is(RedisEvents.COMMAND) && !e.get(RedisEvents.CMD).equals("PUBLISH")).stream()
                .map(e -> e.get(RedisEvents.CMD) + " " + e.get(RedisEvents.KEY)).toList())
                .containsExactly("SUBSCRIBE chat:x", "SUBSCRIBE chat:x", "UNSUBSCRIBE chat:x");
    }

    @Test
    void a_crashed_server_forgets_its_subscriptions_and_subscribes_afresh_for_a_new_member() {
        Runs.Result r = run(", announce: false", """
                  - {at: 3500ms, crash: s2}
                  - {at: 5500ms, restore: s2}
                  - {at: 7s, on: d, run: "websocat ws://s2/room/x?name=dee"}
                  - {at: 8s, on: a, input: "again"}
                """);
        // bo (on s2) is gone with it; cy's message still reaches the members on s1
        assertThat(r.terminal("a")).containsExactly("* ann joined room x", "cy: yo", "ann: again");
        // back up, s2 subscribes again for its new member, who hears the room
        assertThat(r.terminal("d")).containsExactly("* dee joined room x", "ann: again");
        assertThat(r.events(e -> e.is(RedisEvents.COMMAND) && e.get(RedisEvents.CMD).equals("SUBSCRIBE"))).hasSize(3);
    }
}
