package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.cli.CliTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ss's FILTER: {@code state} and {@code exclude} with ss.c's names and groups, the State column
 * only for more than one state (SocketListsOracleTest holds the layout against the real ss), port
 * conditions, and ss's words for a bad state name.
 */
class SsFilterTest {
    @Test
    void states_and_groups_are_ss_c_bits() {
        assertThat(SsFilter.parse(List.of("state", "established")).states).isEqualTo(1 << SsFilter.ESTABLISHED);
        assertThat(SsFilter.parse(List.of("state", "connected")).states)
                .isEqualTo(SsFilter.ALL & ~(1 << SsFilter.CLOSE | 1 << SsFilter.LISTEN));
        assertThat(SsFilter.parse(List.of("exclude", "listening")).states).isEqualTo(SsFilter.ALL & ~(1 << SsFilter.LISTEN));
        assertThat(SsFilter.parse(List.of("state", "TIME-WAIT", "state", "syn-rcv")).states)
                .isEqualTo(1 << SsFilter.TIME_WAIT | 1 << SsFilter.SYN_RECV);
        assertThat(SsFilter.parse(List.of()).states).isEqualTo(-1);
        assertThat(SsFilter.parse(List.of("state", "established")).stateColumn()).isFalse();
        assertThat(SsFilter.parse(List.of("state", "bucket")).stateColumn()).isTrue();
        assertThatThrownBy(() -> SsFilter.parse(List.of("state", "foo"))).hasMessage("ss: wrong state name: foo");
        assertThatThrownBy(() -> SsFilter.parse(List.of("state"))).hasMessage("Command line is not complete. Try option \"help\"");
        assertThatThrownBy(() -> SsFilter.parse(List.of("dst", "1.2.3.4"))).hasMessageContaining("not modelled");
    }

    @Test
    void ports_compare_as_ss_does() {
        SsFilter f = SsFilter.parse(List.of("(", "dport", "=", ":https", ")", "and", "sport", ">=", ":1024"));
        assertThat(f.ports(50000, 443)).isTrue();
        assertThat(f.ports(80, 443)).isFalse();
        assertThat(f.ports(50000, 80)).isFalse();
    }

    @Test
    void one_state_no_state_column_on_a_node() {
        CliTest.Outcome o = CliTest.execWithInput("curl -s -o /dev/null https://www.example.com/ &\nsleep 0.15\n"
                + "ss -tn state established\nss -tn state time-wait\nss -tn state foo\necho $?\n", "shell");
        List<String> lines = o.out().lines().toList();
        int i = lines.indexOf("laptop$ ss -tn state established");
        assertThat(lines.get(i + 1)).startsWith("Recv-Q Send-Q ");
        assertThat(lines.get(i + 2)).matches("0 +\\d+ +\\[2001:db8:81:200:[0-9a-f:]+\\]:\\d+ \\[2001:db8:93:32::34\\]:443 *");
        assertThat(lines.get(i + 3)).isEqualTo("laptop$ ss -tn state time-wait");
        assertThat(lines.get(i + 4)).startsWith("Recv-Q Send-Q ");
        assertThat(lines.get(i + 5)).isEqualTo("laptop$ ss -tn state foo");
        assertThat(lines.get(i + 6)).isEqualTo("ss: wrong state name: foo");
        assertThat(lines.get(i + 8)).isEqualTo("255");
    }
}
