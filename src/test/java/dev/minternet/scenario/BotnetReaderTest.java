package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.attack.Drill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** attacks: botnet: N bot hosts generated from the seed at the world's access routers. */
class BotnetReaderTest {
    static final String WORLD = AttacksReaderTest.WORLD.replace("name: t\n", "name: t\nrouting: global\n");

    static String error(String yaml) {
        return AttacksReaderTest.error(yaml);
    }

    /** Each generated bot and the router at the other end of its link. */
    static Map<String, String> placement(Scenario s) {
        Map<String, String> out = new TreeMap<>();
        for (Scenario.LinkSpec l : s.links()) {
            if (l.b().node().startsWith("bot-")) {
                out.put(l.b().node(), l.a().node() + " " + l.a().address());
            }
        }
        return out;
    }

    @Test
    void count_bots_are_generated_at_access_routers_and_every_flood_kind_can_use_them() throws Exception {
        String yaml = WORLD.replace("  - {name: r, kind: router}\n", "  - {name: r, kind: router}\n  - {name: core, kind: router}\n")
                + "  - {a: r 10.0.9.1/30, b: core 10.0.9.2/30}\n" + """
                attacks:
                  botnet: {count: 7}
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                    - {name: refl, type: dns-reflection, bots: botnet, rate: 100, victim: b, resolvers: [a], qname: x.com}
                    - {name: get, type: http-flood, bots: botnet, rate: 100, url: "http://b/"}
                """;
        Scenario s = ScenarioLoader.parse("t.yaml", yaml);
        List<String> names = List.of("bot-1", "bot-2", "bot-3", "bot-4", "bot-5", "bot-6", "bot-7");
        for (Drill.Attack a : s.attacks().floods()) {
            assertThat(a.bots()).isEqualTo(names);
        }
        Map<String, String> at = placement(s);
        assertThat(at).hasSize(7);
        // Only r has hosts on its links: core (a router between routers) is no access network.
        // Each bot's /30 comes in order from 100.96.0.0/12: router .1, bot .2.
        for (int i = 1; i <= 7; i++) {
            assertThat(at.get("bot-" + i)).isEqualTo("r 100.96.0." + (4 * (i - 1) + 1) + "/30");
        }
        assertThat(s.nodes().stream().filter(n -> n.name().startsWith("bot-")).count()).isEqualTo(7);
    }

    @Test
    void placement_follows_the_seed_and_only_the_seed() throws Exception {
        String yaml = """
                name: t
                routing: global
                duration: 10s
                seed: SEED
                nodes:
                  - {name: a, kind: host}
                  - {name: b, kind: host}
                  - {name: c, kind: host}
                  - {name: r1, kind: router}
                  - {name: r2, kind: router}
                  - {name: r3, kind: router}
                links:
                  - {a: a 10.0.0.1/24, b: r1 10.0.0.2/24}
                  - {a: b 10.0.1.1/24, b: r2 10.0.1.2/24}
                  - {a: c 10.0.2.1/24, b: r3 10.0.2.2/24}
                  - {a: r1 10.1.0.1/30, b: r2 10.1.0.2/30}
                  - {a: r2 10.1.1.1/30, b: r3 10.1.1.2/30}
                attacks:
                  botnet: {count: 40, addresses: 172.30.0.0/16}
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                """;
        Map<String, String> a = placement(ScenarioLoader.parse("t.yaml", yaml.replace("SEED", "1")));
        Map<String, String> again = placement(ScenarioLoader.parse("t.yaml", yaml.replace("SEED", "1")));
        Map<String, String> other = placement(ScenarioLoader.parse("t.yaml", yaml.replace("SEED", "2")));
        assertThat(again).isEqualTo(a);
        assertThat(a).hasSize(40);
        assertThat(other).hasSize(40).isNotEqualTo(a);
        // All three access routers get some of 40 bots (each would get none with probability (2/3)^40).
        for (String r : List.of("r1", "r2", "r3")) {
            assertThat(a.values()).anySatisfy(v -> assertThat(v).startsWith(r + " 172.30."));
        }
    }

    @Test
    void errors_are_one_line_at_the_field() {
        assertThat(error(AttacksReaderTest.WORLD + """
                attacks:
                  botnet: {count: 3}
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                """)).startsWith("t.yaml:11:11: attacks.botnet: generated bots get routes from routing: global");
        assertThat(error(WORLD + """
                attacks:
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                """)).contains("attacks.floods[0].bots: no botnet");
        assertThat(error(WORLD + """
                attacks:
                  botnet: {count: 3, addresses: 10.0.0.0/8}
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                """)).contains("attacks.botnet.addresses: 10.0.0.0/8 overlaps");
        assertThat(error(WORLD + """
                attacks:
                  botnet: {count: 9, addresses: 100.96.0.0/28}
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                """)).contains("holds 4 /30 links, fewer than 9 bots");
        assertThat(error(WORLD + """
                attacks:
                  botnet: {count: 0}
                  floods:
                    - {name: syn, type: syn-flood, bots: botnet, rate: 100, target: b, port: 80}
                """)).contains("attacks.botnet.count");
    }

    @Test
    void the_http_flood_example_with_a_generated_botnet_repeats_byte_for_byte(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String text = Files.readString(Path.of("examples/ddos-http-flood.yaml"))
                .replace("      bots: [bot1, bot2, bot3, bot4, bot5]\n", "      bots: botnet\n")
                .replace("  victim: gw\n", "  victim: gw\n  botnet: {count: 12}\n")
                .replace("rate: 1000 ", "rate: 120 ");
        Scenario s = ScenarioLoader.parse("ddos-http-flood.yaml", text);
        assertThat(placement(s)).hasSize(12);
        dev.minternet.testing.Runs.Result one = dev.minternet.testing.Runs.run(s, dir.resolve("one"), false);
        dev.minternet.testing.Runs.Result two = dev.minternet.testing.Runs.run(ScenarioLoader.parse("ddos-http-flood.yaml", text),
                dir.resolve("two"), false);
        byte[] csv = Files.readAllBytes(dir.resolve("one/ddos.csv"));
        assertThat(Files.readAllBytes(dir.resolve("two/ddos.csv"))).isEqualTo(csv);
        assertThat(two.output()).isEqualTo(one.output());
        // 120 GETs a second for 6 s from 12 bots; with no rate limit and 540/s of capacity all are served.
        String[] lines = new String(csv, java.nio.charset.StandardCharsets.UTF_8).split("\n");
        long sent = 0;
        long served = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            sent += Long.parseLong(f[5]);
            served += Long.parseLong(f[13]);
        }
        assertThat(sent).isEqualTo(720);
        assertThat(served).isEqualTo(720);
        assertThat(one.world().node("bot-12")).isNotNull();
        assertThat(one.world().nodes().stream().filter(n -> n.name().startsWith("bot-")).count()).isEqualTo(12);
    }
}
