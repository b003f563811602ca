package dev.minternet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lines {@link ToolArgsFuzzTest} found answered with a Java exception (or a negative array,
 * or a crash deep in the IP layer), now answered as the real tools answer them: the words and exit
 * statuses of BIND 9.18.49's dig, host and nslookup, mtr 0.95, iputils tracepath, traceroute 2.1 and curl 7.88.1,
 * run on this machine in an empty network namespace (vtysh: FRR's matcher, whose address slots take
 * only octets to 255 and lengths to 32).
 */
class OddArgumentsTest {
    private StringWriter text;
    private Session session;

    @BeforeEach
    void defaultWorld() throws Exception {
        open(DefaultWorld.load());
    }

    private void open(Scenario s) throws Exception {
        text = new StringWriter();
        session = new Session(s, WorldBuilder.build(s), new PrintWriter(text, true), null, Session.defaultNode(s), 0);
    }

    private String type(String line) {
        int from = text.getBuffer().length();
        assertThat(session.execute(line)).isTrue();
        return text.getBuffer().substring(from);
    }

    @Test
    void dig_host_and_nslookup_refuse_a_name_bind_does_not_take_in_its_words() {
        assertThat(type("dig ''")).isEqualTo("dig: '' is not a legal name (unexpected end of input)\n");
        assertThat(session.lastExit()).isEqualTo(10);
        assertThat(type("dig +short a..b")).isEqualTo("dig: 'a..b' is not a legal name (empty label)\n");
        assertThat(type("dig " + "a".repeat(64) + ".com")).isEqualTo("dig: '" + "a".repeat(64) + ".com' is not a legal name (label too long)\n");
        String long4 = String.join(".", "a".repeat(63), "a".repeat(63), "a".repeat(63), "a".repeat(63), "com");
        assertThat(type("dig " + long4)).isEqualTo("dig: '" + long4 + "' is not a legal name (ran out of space)\n");
        assertThat(type("dig 'a\\999'")).isEqualTo("dig: 'a\\999' is not a legal name (bad escape)\n");
        assertThat(type("dig 'a\\9'")).isEqualTo("dig: 'a\\9' is not a legal name (unexpected end of input)\n");
        assertThat(type("dig -x ''")).isEqualTo("dig: '.in-addr.arpa.' is not a legal name (empty label)\n");
        // the server is looked up first
        assertThat(type("dig @nosuchhost ''")).isEqualTo("dig: couldn't get address for 'nosuchhost': not found\n");
        assertThat(session.lastExit()).isEqualTo(1);
        assertThat(type("host ''")).isEqualTo("host: '' is not a legal name (unexpected end of input)\n");
        assertThat(session.lastExit()).isEqualTo(1);
        assertThat(type("host '' nosuchhost")).isEqualTo("host: couldn't get address for 'nosuchhost': not found\n");
        assertThat(type("nslookup ..")).isEqualTo("nslookup: '..' is not a legal name (empty label)\n");
        assertThat(session.lastExit()).isEqualTo(10);
        // bytes past ASCII go as they are, as BIND sends them (its text escapes them)
        assertThat(type("host -r '\u00e9'")).isEqualTo("Host \\195\\169 not found: 3(NXDOMAIN)\n");
    }

    @Test
    void dig_wants_a_value_for_time_tries_and_retry_within_binds_limits() {
        assertThat(type("dig +tries www.example.com")).startsWith("Invalid option: +tries\nUsage:  dig [@global-server]");
        assertThat(session.lastExit()).isEqualTo(1);
        assertThat(type("dig +time= www.example.com")).startsWith("Invalid option: +time\n");
        assertThat(type("dig +notime www.example.com")).startsWith("Invalid option: +notime\n");
        assertThat(type("dig +tries=99999999999 www.example.com")).isEqualTo(
                "invalid tries '99999999999': out of range\ndig: Couldn't parse tries\n");
        assertThat(session.lastExit()).isEqualTo(10);
        assertThat(type("dig +time=65536 www.example.com")).isEqualTo("invalid timeout '65536': out of range\ndig: Couldn't parse timeout\n");
        assertThat(type("dig +time=+5 www.example.com")).isEqualTo("invalid timeout '+5': not a valid number\ndig: Couldn't parse timeout\n");
        assertThat(type("dig +short +time=65535 +bufsize= www.example.com")).isEqualTo("93.184.216.34\n");
    }

    @Test
    void nslookup_says_a_bad_timeout_or_retry_and_keeps_the_default() {
        String out = type("nslookup -timeout=abc -retry=-1 -timeout www.example.com");
        assertThat(out).startsWith("invalid timeout 'abc': not a valid number\ninvalid tries '-1': not a valid number\n"
                + "*** Invalid option: timeout\nServer:").contains("Address: 93.184.216.34");
        assertThat(session.lastExit()).isZero();
    }

    @Test
    void mtr_refuses_a_probe_over_9000_bytes_and_an_interval_select_refuses_after_its_head() {
        assertThat(type("mtr -r -s 70000 www.example.com")).isEqualTo("Start: 2026-11-21T09:00:00+0000\n"
                + "HOST: laptop                      Loss%   Snt   Last   Avg  Best  Wrst StDev\n"
                + "mtr: mtr-packet reported invalid argument\n");
        assertThat(session.lastExit()).isEqualTo(1);
        assertThat(type("mtr -r -i 99999 www.example.com")).endsWith("\nmtr: Select failed: Invalid argument\n");
        assertThat(type("mtr -r -i inf www.example.com")).endsWith("\nmtr: Select failed: Invalid argument\n");
        assertThat(type("mtr -r -s -5 www.example.com")).isEqualTo("mtr: invalid argument: '-5'\n");
    }

    @Test
    void tracepath_to_an_ipv6_address_without_a_route_says_send_failed() throws Exception {
        open(ScenarioLoader.load(Path.of("examples/lan-switching.yaml")));
        assertThat(type("tracepath -n 2001:db8::1")).isEqualTo(" 1:  send failed\n     Resume: pmtu 128000 \n");
        assertThat(session.lastExit()).isZero();
    }

    @Test
    void traceroute_reads_a_huge_packetlen_as_strtol_into_an_int() {
        assertThat(type("traceroute -m 1 www.example.com 99999999999")).isEqualTo("too big packetlen 1215752191 specified\n");
        assertThat(session.lastExit()).isEqualTo(2);
        assertThat(type("traceroute -m 1 www.example.com 4294967296")).startsWith(
                "traceroute to www.example.com (93.184.216.34), 1 hops max, 28 byte packets\n");
        assertThat(type("traceroute -m 1 www.example.com 9223372036854775808")).startsWith(
                "traceroute to www.example.com (93.184.216.34), 1 hops max, 60 byte packets\n");
    }

    @Test
    void vtysh_takes_no_address_out_of_range_as_one_and_says_unknown_command() {
        type("on home-router");
        assertThat(type("vtysh -c 'show ip route 300.1.1.1/99'")).isEqualTo("% Unknown command: show ip route 300.1.1.1/99\n");
        assertThat(session.lastExit()).isEqualTo(1);
        assertThat(type("vtysh -c 'show ip bgp 10.0.0.0/33'")).isEqualTo("% Unknown command: show ip bgp 10.0.0.0/33\n");
    }

    @Test
    void curl_sends_a_method_that_is_no_token_as_typed_and_the_server_answers_400() {
        String out = type("curl -sv -X 'A:B' http://www.example.com/");
        assertThat(out).contains("> A:B / HTTP/1.1\n", "< HTTP/1.1 400 Bad Request\n");
        assertThat(session.lastExit()).isZero();
        assertThat(type("curl -s -o /dev/null -w '%{http_code}' -X '' http://www.example.com/")).isEqualTo("400\n");
    }
}
