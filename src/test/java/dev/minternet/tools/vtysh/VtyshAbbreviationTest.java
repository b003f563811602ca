package dev.minternet.tools.vtysh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FRR's matcher takes any unique prefix of a keyword (an exact keyword beats a longer one that
 * starts with it: {@code ip} is not {@code ipv6}), and answers a line that stops short, fits
 * two commands or none in its own words. {@code show ip ro} is ambiguous in FRR 8.4, which also
 * has {@code show ip router-id}.
 */
class VtyshAbbreviationTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sh ip bgp sum             | show ip bgp summary",
        "sh ip route               | show ip route",
        "sh ip os nei              | show ip ospf neighbor",
        "sh ipv ospf6 ro           | show ipv6 ospf6 route",
        "sh ip bgp 10.2.0.0/16     | show ip bgp 10.2.0.0/16",
        "sh bg nei 10.0.12.2       | show bgp neighbors 10.0.12.2",
        "sh bgp ipv4 u su          | show bgp ipv4 unicast summary",
        "show bgp                  | show bgp",
    })
    void abbreviations_expand_as_frr_matches_them(String typed, String full) {
        assertThat(Vtysh.expand(typed)).isEqualTo(full);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sh ip ro         | % Ambiguous command: sh ip ro",
        "sh b             | % Ambiguous command: sh b",
        "show ip          | % Command incomplete: show ip",
        "show ip ospf foo | % Unknown command: show ip ospf foo",
    })
    void what_frr_cannot_take_it_says_so(String typed, String message) {
        assertThatThrownBy(() -> Vtysh.expand(typed)).hasMessage(message);
    }
}
