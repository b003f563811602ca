package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minternet exec}: one command on one node, its output as its terminal shows it, its exit status. */
class ExecCommandTest {
    @TempDir
    Path dir;
    Path world;

    @BeforeEach
    void world() throws Exception {
        world = dir.resolve("world.yaml");
        Files.writeString(world, InTmuxTest.WORLD + "timeline:\n  - {at: 3s, fail-link: wan}\n");
    }

    @Test
    void prints_the_command_s_output_with_no_prefix_and_exits_with_its_status() {
        Outcome o = CliTest.exec("exec", world.toString(), "laptop", "--", "ping", "-c", "2", "server");
        assertThat(o.code()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).isEqualTo("""
                PING server (10.0.2.2) 56(84) bytes of data.
                64 bytes from server (10.0.2.2): icmp_seq=1 ttl=63 time=50.0 ms
                64 bytes from server (10.0.2.2): icmp_seq=2 ttl=63 time=50.0 ms

                --- server ping statistics ---
                2 packets transmitted, 2 received, 0% packet loss, time 1000ms
                rtt min/avg/max/mdev = 50.002/50.002/50.002/0.000 ms
                """);
    }

    @Test
    void the_world_s_faults_happen_at_their_times_and_go_to_stderr() {
        Outcome o = CliTest.exec("exec", "--world", world.toString(), "laptop", "--", "ping", "-c", "5", "-W", "1", "server");
        assertThat(o.code()).as("iputils ping exits 0 when some reply came back").isZero();
        assertThat(o.out()).contains("From r (10.0.1.1) icmp_seq=4 Destination Net Unreachable",
                "5 packets transmitted, 3 received, +2 errors, 40% packet loss").doesNotContain("link wan");
        assertThat(o.err()).isEqualTo("* link wan failed (down)\n");
    }

    @Test
    void at_types_the_command_later_in_simulated_time() {
        Outcome o = CliTest.exec("exec", world.toString(), "--at", "4s", "laptop", "--", "ping", "-c", "1", "server");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("1 packets transmitted, 0 received");
    }

    @Test
    void a_tool_s_own_errors_and_exit_codes_pass_through() {
        Outcome o = CliTest.exec("exec", world.toString(), "laptop", "--", "ping", "-c", "1", "nowhere");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.out()).isEqualTo("ping: nowhere: Name or service not known\n");
        o = CliTest.exec("exec", world.toString(), "server", "--", "tracert", "laptop");
        assertThat(o.code()).isEqualTo(127);
        assertThat(o.out()).isEqualTo("sh: tracert: command not found\n");
    }

    @Test
    void a_bad_node_or_a_missing_command_is_a_one_line_error_with_exit_2() {
        Outcome o = CliTest.exec("exec", world.toString(), "mars", "--", "ping", "-c", "1", "server");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).isEqualTo("minternet: exec: no node named 'mars' in shell-test\n");
        o = CliTest.exec("exec", world.toString(), "laptop");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith("minternet: exec: expected [SCENARIO] NODE -- COMMAND").doesNotContain("\n");
        o = CliTest.exec("exec", dir.resolve("missing.yaml").toString(), "laptop", "--", "ip", "route");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n", "Exception");
    }

    @Test
    void an_argument_the_shell_would_read_as_an_operator_reaches_the_tool_whole() {
        // the caller's shell took the quotes off: exec puts them back for the node's shell
        Outcome o = CliTest.exec("exec", "laptop", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}\n",
                "https://www.example.com/?a=1&b=2|3");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out().strip()).endsWith("200");
        assertThat(ExecCommand.quote("a;b")).isEqualTo("'a;b'");
        assertThat(ExecCommand.quote("len>100")).isEqualTo("'len>100'");
    }

    @Test
    void without_a_world_it_runs_in_the_default_internet() {
        Outcome o = CliTest.exec("exec", "laptop", "--", "ip", "route");
        assertThat(o.code()).isZero();
        assertThat(o.out()).startsWith("default via 192.168.1.1 dev eth0 ");
        // the laptop's IPv6 route to the web server: the router's advertisement, the SLAAC address as source
        Outcome six = CliTest.exec("exec", "laptop", "--", "ip", "-6", "route", "get", "2001:db8:93:32::34");
        assertThat(six.out()).matches("2001:db8:93:32::34 from :: via fe80::[0-9a-f:]+ dev eth0 proto ra"
                + " src 2001:db8:81:200:[0-9a-f:]+ metric 1024 hoplimit 64 pref medium\n");
        assertThat(CliTest.exec("exec", "laptop", "--", "ip", "-6", "route", "get", "::1").out())
                .isEqualTo("local ::1 from :: dev lo table local proto kernel src ::1 metric 0 pref medium\n");
    }
}
