package dev.minternet.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import org.junit.jupiter.api.Test;

/** {@code announce: false}: a join is told to the joiner only, a leave to nobody; messages still reach every member. */
class ChatAnnounceTest {
    static Runs.Result run(String announce) {
        return Runs.run("""
                name: t
                routing: global
                duration: 10s
                nodes:
                  - {name: a, kind: host}
                  - {name: b, kind: host}
                  - {name: r, kind: router}
                  - {name: s, kind: host, services: [{type: chat, port: 80, ping: 0%s}]}
                links:
                  - {a: a 10.0.1.2/24, b: r 10.0.1.1/24, delay: 2ms}
                  - {a: b 10.0.2.2/24, b: r 10.0.2.1/24, delay: 2ms}
                  - {a: r 10.0.3.1/24, b: s 10.0.3.2/24, delay: 1ms}
                timeline:
                  - {at: 1s, on: a, run: "websocat -H 'X-Forwarded-For: ann' ws://10.0.3.2/room/x"}
                  - {at: 2s, on: b, run: "websocat -H 'X-Forwarded-For: bo' ws://10.0.3.2/room/x"}
                  - {at: 3s, on: b, input: "hi"}
                  - {at: 4s, on: b, input: "^D"}
                """.formatted(announce));
    }

    @Test
    void by_default_every_member_hears_of_joins_and_leaves() {
        Runs.Result r = run("");
        assertThat(r.terminal("a")).containsExactly("* ann joined room x (1 member)", "* bo joined room x (2 members)",
                "bo: hi", "* bo left room x (1 member)");
    }

    @Test
    void without_announcements_only_the_joiner_hears_of_its_join_and_nobody_of_a_leave() {
        Runs.Result r = run(", announce: false");
        assertThat(r.terminal("a")).containsExactly("* ann joined room x (1 member)", "bo: hi");
        assertThat(r.terminal("b")).containsExactly("* bo joined room x (2 members)", "bo: hi");
    }
}
