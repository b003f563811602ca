package dev.minternet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "1s, 1000000000",
        "250ms, 250000000",
        "1.5s, 1500000000",
        "10us, 10000",
        "100ns, 100",
        "2m, 120000000000",
        "1h, 3600000000000",
        "0, 0",
        "'  20 ms ', 20000000",
        "0.5us, 500",
    })
    void durations_in_every_unit_become_nanoseconds(String text, long ns) {
        assertThat(Units.durationNs(text)).isEqualTo(ns);
    }

    @Test
    void bad_durations_say_what_is_allowed() {
        assertThatThrownBy(() -> Units.durationNs("-1s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> Units.durationNs("5 parsecs"))
                .hasMessage("bad duration '5 parsecs': unknown unit 'parsecs' (allowed: ns, us, ms, s, m, h;"
                        + " e.g. 250ms or 1.5s)");
        assertThatThrownBy(() -> Units.durationNs("5")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> Units.durationNs("soon")).hasMessageContaining("expected a number and a unit");
        assertThatThrownBy(() -> Units.durationNs("1.5ns")).hasMessageContaining("not a whole number of nanosecond");
        assertThatThrownBy(() -> Units.durationNs("9999999999h")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Units.durationNs("")).hasMessageContaining("missing duration");
        assertThatThrownBy(() -> Units.durationNs("1.2.3s")).hasMessageContaining("expected a number");
    }

    @ParameterizedTest
    @CsvSource({
        "100Mbps, 100000000",
        "1Gbps, 1000000000",
        "10kbps, 10000",
        "1500bps, 1500",
        "100 Mbit/s, 100000000",
        "1 Gbit/s, 1000000000",
        "2.5Gbps, 2500000000",
        "1Tbps, 1000000000000",
        "10Kbps, 10000",
    })
    void bit_rates_use_decimal_prefixes(String text, long bps) {
        assertThat(Units.bitsPerSecond(text)).isEqualTo(bps);
    }

    @Test
    void bad_bit_rates_say_what_is_allowed() {
        assertThatThrownBy(() -> Units.bitsPerSecond("100MBps")).hasMessageContaining("bytes per second");
        assertThatThrownBy(() -> Units.bitsPerSecond("100")).hasMessageContaining("missing unit")
                .hasMessageContaining("Mbps");
        assertThatThrownBy(() -> Units.bitsPerSecond("100Mhz")).hasMessageContaining("unknown unit 'Mhz'")
                .hasMessageContaining("allowed: bps, kbps, Mbps, Gbps");
        assertThatThrownBy(() -> Units.bitsPerSecond("0Mbps")).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> Units.bitsPerSecond("-1Mbps")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Units.bitsPerSecond("1.5bps")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Units.bitsPerSecond("fast")).hasMessageContaining("expected a number");
    }

    @ParameterizedTest
    @CsvSource({
        "1%, 0.01",
        "0.5%, 0.005",
        "0.01, 0.01",
        "0, 0",
        "1, 1",
        "100%, 1",
    })
    void probabilities_are_fractions_or_percentages(String text, double p) {
        assertThat(Units.probability(text)).isCloseTo(p, within(1e-12));
    }

    @Test
    void bad_probabilities_say_what_is_allowed() {
        assertThatThrownBy(() -> Units.probability("50")).hasMessageContaining("within 0..1")
                .hasMessageContaining("did you mean 50%?");
        assertThatThrownBy(() -> Units.probability("150%")).hasMessageContaining("0%..100%");
        assertThatThrownBy(() -> Units.probability("-0.1")).hasMessageContaining("within 0..1");
        assertThatThrownBy(() -> Units.probability("often")).hasMessageContaining("percentage such as 1%");
        assertThatThrownBy(() -> Units.probability("5 per cent")).hasMessageContaining("unexpected 'per cent'");
    }

    @ParameterizedTest
    @CsvSource({
        "64KB, 64000",
        "1500B, 1500",
        "1500, 1500",
        "1MB, 1000000",
        "128KiB, 131072",
        "1MiB, 1048576",
        "64kB, 64000",
        "1.5KB, 1500",
        "0, 0",
    })
    void sizes_are_bytes_with_decimal_or_binary_prefixes(String text, long bytes) {
        assertThat(Units.bytes(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64Kb", "64 furlongs", "-5KB", "big", "0.5B"})
    void bad_sizes_are_rejected(String text) {
        assertThatThrownBy(() -> Units.bytes(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad size '" + text + "'");
    }

    @Test
    void bad_sizes_say_what_is_allowed() {
        assertThatThrownBy(() -> Units.bytes("64Kb")).hasMessageContaining("means bits")
                .hasMessageContaining("KiB");
        assertThatThrownBy(() -> Units.bytes("3 pages")).hasMessageContaining("unknown unit 'pages'")
                .hasMessageContaining("allowed: B, KB, MB, GB");
    }

    /**
     * Digits then a unit are read on a short path; a leading blank sends the same text through the
     * general one, which must agree on every value and every error.
     */
    @Test
    void plain_durations_read_as_the_general_parser_reads_them() {
        String[] numbers = {"0", "00", "1", "7", "250", "007", "999999999999999999", "9223372036854775807", "9223372036"};
        String[] units = {"", "ns", "us", "µs", "ms", "s", "m", "h", "d", "S", "ms ", "sec", "1"};
        for (String n : numbers) {
            for (String u : units) {
                String text = n + u;
                Object plain;
                Object general;
                try {
                    plain = Units.durationNs(text);
                } catch (IllegalArgumentException e) {
                    plain = e.getMessage();
                }
                try {
                    general = Units.durationNs(" " + text);
                } catch (IllegalArgumentException e) {
                    general = e.getMessage();
                }
                assertThat(plain).as(text).isEqualTo(general);
            }
        }
    }
    /**
     * Rates and sizes written as digits then a unit are read on a short path too; the same text
     * after a blank goes through the general one, which must agree on every value and every error.
     */
    @Test
    void plain_rates_and_sizes_read_as_the_general_parser_reads_them() {
        String[] numbers = {"0", "00", "1", "7", "64", "100", "007", "999999999999999999", "9223372036854775807",
            "9223372036", "18446744073709551616"};
        String[] units = {"", "bps", "kbps", "Kbps", "Mbps", "mbps", "Gbps", "Tbps", "Pbps", "bit/s", "Mbit/s", "Gbit/s",
            "MBps", "MB/s", "B", "KB", "kB", "MB", "GB", "KiB", "kib", "MiB", "GiB", "TiB", "b", "Kb", "Mbit", "bits",
            "pages", "/B", "B/", "Mbps ", "MiB ", "m", "k", "x1", "MiB1"};
        for (String n : numbers) {
            for (String u : units) {
                String text = n + u;
                assertThat(read(Units::bitsPerSecond, text)).as(text).isEqualTo(read(Units::bitsPerSecond, " " + text));
                assertThat(read(Units::bytes, text)).as(text).isEqualTo(read(Units::bytes, " " + text));
            }
        }
    }

    private static Object read(java.util.function.ToLongFunction<String> parser, String text) {
        try {
            return parser.applyAsLong(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
