package dev.minternet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.tools.registry.ToolRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Tab offers at each word of a line (InteractiveTest presses Tab on a terminal). */
class CompletionTest {
    private final Completion completion = new Completion(new SessionTest.Typed().session);

    private List<String> at(String... words) {
        return completion.candidates(List.of(words), words.length - 1);
    }

    @Test
    void the_first_word_is_a_shell_command_a_tool_or_a_node() {
        assertThat(at("")).contains("help", "on", "sleep", "wait", "jobs", "time", "link", "crash", "restore", "visit")
                .contains("ping", "traceroute", "dig", "curl", "tcpdump", "ss", "ifconfig", "getent")
                .contains("laptop", "r", "server");
    }

    @Test
    void after_a_node_name_come_the_commands_it_can_run() {
        assertThat(at("server", "")).contains("ping", "curl", "visit").doesNotContain("server", "on");
        assertThat(at("server", "ping", "")).contains("-c", "-W", "laptop");
    }

    @Test
    void nodes_after_on_crash_and_restore_links_after_link_down_or_up() {
        assertThat(at("on", "")).containsExactly("laptop", "r", "server");
        assertThat(at("crash", "")).containsExactly("laptop", "r", "server");
        assertThat(at("restore", "")).containsExactly("laptop", "r", "server");
        assertThat(at("link", "")).containsExactly("down", "up");
        assertThat(at("link", "down", "")).containsExactly("lan", "wan");
        assertThat(at("link", "down", "wan", "")).isEmpty();
    }

    @Test
    void a_tool_s_options_come_from_its_synopsis() {
        assertThat(at("ping", "")).containsSequence("-c", "-s", "-i", "-t", "-W", "-w", "-M", "-I", "-O", "-q", "-n");
        assertThat(at("ifconfig", "")).contains("-a", "-s", "-v");
        assertThat(at("dig", "")).contains("+short", "+trace", "+tcp", "-x");
        assertThat(at("curl", "")).contains("-v", "--http1.1", "--http2", "--resolve", "--connect-timeout");
        assertThat(Completion.options(ToolRegistry.get("traceroute"))).contains("-I", "-n", "-m", "-q", "-w");
    }

    @Test
    void visit_offers_the_urls_the_world_s_web_services_answer() throws Exception {
        Scenario s = DefaultWorld.load();
        Completion web = new Completion(new Session(s, WorldBuilder.build(s), new PrintWriter(new StringWriter()), null, "laptop", 0));
        assertThat(web.candidates(List.of("visit", ""), 1)).startsWith("--explain").contains("https://www.example.com/")
                .allMatch(u -> u.equals("--explain") || u.matches("https?://[a-z0-9.-]+(:[0-9]+)?/"));
        assertThat(at("visit", "")).containsExactly("--explain");
    }
}
