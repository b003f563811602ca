package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Command lines tracepath (iputils 20221126) refuses, with its words and exit statuses: a usage
 * error prints the usage on its own or after getopt's message and exits 255 (exit(-1)); a bad
 * value, an unknown host or a packet length not above the headers exits 1; -4 with -6 exits 2.
 */
class TracepathRefusalsTest {
    final Node node = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addHost("h");
    final RecordingTerminal term = new RecordingTerminal();

    void run(String line) {
        new Tracepath().start(node, line.isBlank() ? List.of() : List.of(line.trim().split(" +")), term);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-m 300 10.0.0.1          | tracepath: invalid argument: '300': out of range: 0 <= value <= 255",
        "-p 70000 10.0.0.1        | tracepath: invalid argument: '70000': out of range: 0 <= value <= 65535",
        "-l -5 10.0.0.1           | tracepath: invalid argument: '-5': out of range: 0 <= value <= 2147483647",
        "-l abc 10.0.0.1          | tracepath: invalid argument: 'abc'",
        "-l 2x 10.0.0.1           | tracepath: invalid argument: '2x'",
        "-m 99999999999999999999 x | tracepath: invalid argument: '99999999999999999999': Numerical result out of range",
        "-n 10.0.0.1/x            | tracepath: invalid argument: 'x'",
        "-l 28 10.0.0.1           | tracepath: pktlen must be within: 28 < value <= 2147483647",
        "-6 -l 48 2001:db8::1     | tracepath: pktlen must be within: 48 < value <= 2147483647",
        "nosuchhost.invalid       | tracepath: nosuchhost.invalid: Name or service not known",
        "-6 10.0.0.1              | tracepath: 10.0.0.1: Address family for hostname not supported",
        "-4 2001:db8::1           | tracepath: 2001:db8::1: Address family for hostname not supported",
    })
    void a_bad_value_or_host_is_one_line_and_status_1(String line, String message) {
        run(line);
        assertThat(term.out).containsExactly(message);
        assertThat(term.code).isEqualTo(1);
    }

    @Test
    void four_with_six_is_status_2() {
        run("-4 -6 10.0.0.1");
        assertThat(term.out).containsExactly("tracepath: Only one -4 or -6 option may be specified");
        assertThat(term.code).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "                  | ",
        "a b               | ",
        "-h 10.0.0.1       | ",
        "-x 10.0.0.1       | tracepath: invalid option -- 'x'",
        "--foo 10.0.0.1    | tracepath: invalid option -- '-'",
        "-n -l             | tracepath: option requires an argument -- 'l'",
    })
    void a_usage_error_prints_the_usage_and_is_status_255(String line, String message) {
        run(line == null ? "" : line);
        List<String> expected = new ArrayList<>();
        if (message != null) {
            expected.add(message);
        }
        expected.addAll(Tracepath.USAGE);
        assertThat(term.out).containsExactlyElementsOf(expected);
        assertThat(term.out.get(message == null ? 1 : 2)).isEqualTo("Usage");
        assertThat(term.code).isEqualTo(255);
    }

    @Test
    void v_prints_the_version_whatever_follows() {
        run("-V -x");
        assertThat(term.out).containsExactly("tracepath from iputils 20221126",
                "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes");
        assertThat(term.code).isZero();
    }

    @Test
    void with_no_route_ten_refused_sends_are_send_failed_and_zero_hops_too_many() {
        run("-n 10.0.0.1");
        assertThat(term.out).containsExactly(" 1:  send failed", "     Resume: pmtu 65535 ");
        assertThat(term.code).isZero();
        RecordingTerminal zero = new RecordingTerminal();
        new Tracepath().start(node, List.of("-m", "0", "10.0.0.1"), zero);
        assertThat(zero.out).containsExactly("     Too many hops: pmtu 65535", "     Resume: pmtu 65535 ");
        assertThat(zero.code).isZero();
    }

    @Test
    void validate_refuses_what_start_refuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Tracepath().validate(List.of("-x", "h")))
                .hasMessage("invalid option -- 'x'");
        new Tracepath().validate(List.of("-n", "-l", "1400", "h"));
    }
}
