package dev.minternet.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the quantities people write in scenarios and on command lines: durations, bit rates,
 * probabilities and sizes. Each throws {@link IllegalArgumentException} with a one-line message
 * that names what is allowed. Rates and sizes use decimal prefixes (1k = 1000) except the binary
 * KiB, MiB and GiB (IEC 80000-13).
 *
 * <table>
 *   <caption>Accepted forms</caption>
 *   <tr><th>parser</th><th>examples</th></tr>
 *   <tr><td>{@link #durationNs}</td><td>0, 100ns, 10us, 250ms, 1.5s, 2m, 1h</td></tr>
 *   <tr><td>{@link #bitsPerSecond}</td><td>1500bps, 10kbps, 100Mbps, 2.5Gbps, 100 Mbit/s</td></tr>
 *   <tr><td>{@link #probability}</td><td>0, 0.01, 0.5%, 1%</td></tr>
 *   <tr><td>{@link #bytes}</td><td>1500, 1500B, 64KB, 1MB, 128KiB, 1MiB</td></tr>
 * </table>
 */
public final class Units {
    private Units() {
    }

    /** A non-negative decimal number, then an optional unit; blanks around and between allowed. */
    private static final Pattern QUANTITY = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([^\\s\\d.].*?)?\\s*");

    private static final String DURATION_UNITS = "ns, us, ms, s, m, h; e.g. 250ms or 1.5s";
    private static final Map<String, Long> DURATION_NS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private static final String RATE_UNITS = "bps, kbps, Mbps, Gbps, Tbps or bit/s, kbit/s, Mbit/s, Gbit/s, Tbit/s;"
            + " e.g. 100Mbps";
    private static final Map<String, Long> DECIMAL_PREFIX = Map.of(
            "", 1L, "k", 1_000L, "m", 1_000_000L, "g", 1_000_000_000L, "t", 1_000_000_000_000L);

    private static final String SIZE_UNITS = "B, KB, MB, GB (powers of 1000), KiB, MiB, GiB (powers of 1024);"
            + " e.g. 64KB or 1500";
    private static final Map<String, Long> SIZE_PREFIX = Map.of(
            "", 1L, "k", 1_000L, "m", 1_000_000L, "g", 1_000_000_000L,
            "ki", 1L << 10, "mi", 1L << 20, "gi", 1L << 30);

    /**
     * A duration in nanoseconds: a non-negative number with a unit (ns, us, ms, s, m, h), or a
     * bare 0. Fractions are fine as long as the result is a whole number of nanoseconds.
     */
    public static long durationNs(String text) {
        long plain = plainDurationNs(text);
        if (plain >= 0) {
            return plain;
        }
        Matcher m = quantity(text, "duration", DURATION_UNITS);
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            if (value.signum() == 0) {
                return 0;
            }
            throw bad("duration", text, "missing unit (allowed: " + DURATION_UNITS + ")");
        }
        Long factor = DURATION_NS.get(unit);
        if (factor == null) {
            throw bad("duration", text, "unknown unit '" + unit + "' (allowed: " + DURATION_UNITS + ")");
        }
        return exact(value, factor, "duration", text, "nanosecond");
    }

    /**
     * A bit rate in bits per second, with a decimal prefix: 1500bps, 10kbps, 100Mbps, 2.5Gbps,
     * "100 Mbit/s". The prefix letter may be either case; the 'b' must be lower case, because an
     * upper-case B means bytes. Must be positive.
     */
    public static long bitsPerSecond(String text) {
        long plain = plainBitsPerSecond(text);
        if (plain > 0) {
            return plain;
        }
        Matcher m = quantity(text, "bandwidth", RATE_UNITS);
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            throw bad("bandwidth", text, "missing unit (allowed: " + RATE_UNITS + ")");
        }
        String prefix = ratePrefix(unit);
        if (prefix == null && (unit.endsWith("Bps") || unit.endsWith("B/s"))) {
            throw bad("bandwidth", text, "'" + unit + "' is bytes per second; write bits per second, e.g. "
                    + "800Mbps for 100MB/s");
        }
        Long factor = prefix == null ? null : DECIMAL_PREFIX.get(prefix.toLowerCase(Locale.ROOT));
        if (factor == null) {
            throw bad("bandwidth", text, "unknown unit '" + unit + "' (allowed: " + RATE_UNITS + ")");
        }
        long bps = exact(value, factor, "bandwidth", text, "bit per second");
        if (bps == 0) {
            throw bad("bandwidth", text, "must be greater than zero");
        }
        return bps;
    }

    /** A probability within 0..1, written as a fraction (0.01) or a percentage (1%, 0.5%). */
    public static double probability(String text) {
        if (text != null && text.trim().startsWith("-")) {
            throw bad("probability", text, "must be within 0..1 (or 0%..100%)");
        }
        Matcher m = quantity(text, "probability", "a fraction such as 0.01 or a percentage such as 1%");
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit != null && !unit.equals("%")) {
            throw bad("probability", text, "unexpected '" + unit
                    + "' (allowed: a fraction such as 0.01 or a percentage such as 1%)");
        }
        if (unit != null) {
            if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw bad("probability", text, "must be within 0%..100%");
            }
            return value.movePointLeft(2).doubleValue();
        }
        if (value.compareTo(BigDecimal.ONE) > 0) {
            throw bad("probability", text, "must be within 0..1; did you mean " + value.toPlainString() + "%?");
        }
        return value.doubleValue();
    }

    /**
     * A size in bytes: a bare number, or B, KB, MB, GB (powers of 1000), KiB, MiB, GiB (powers of
     * 1024). The prefix letter may be either case; the 'B' must be upper case, because a lower-case
     * b means bits.
     */
    public static long bytes(String text) {
        long plain = plainBytes(text);
        if (plain >= 0) {
            return plain;
        }
        Matcher m = quantity(text, "size", SIZE_UNITS);
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            return exact(value, 1, "size", text, "byte");
        }
        if (unit.endsWith("b") || unit.endsWith("bit")) {
            throw bad("size", text, "'" + unit + "' means bits; sizes are in bytes (allowed: " + SIZE_UNITS + ")");
        }
        Long factor = unit.endsWith("B")
                ? SIZE_PREFIX.get(unit.substring(0, unit.length() - 1).toLowerCase(Locale.ROOT)) : null;
        if (factor == null) {
            throw bad("size", text, "unknown unit '" + unit + "' (allowed: " + SIZE_UNITS + ")");
        }
        return exact(value, factor, "size", text, "byte");
    }

    private static Matcher quantity(String text, String what, String allowed) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing " + what + " (allowed: " + allowed + ")");
        }
        if (text.trim().startsWith("-")) {
            throw bad(what, text, "must not be negative");
        }
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw bad(what, text, "expected a number and a unit (allowed: " + allowed + ")");
        }
        return m;
    }

    /**
     * The most common way to write a duration, ASCII digits then a unit ({@code 250ms}, {@code 30s}),
     * or a bare {@code 0}, read without the pattern and the decimal arithmetic below (a scenario has
     * dozens; a world's reading runs them cold); -1 for anything else, which {@link #durationNs}
     * then reads as before, errors included. The same value either way.
     */
    private static long plainDurationNs(String text) {
        int digits = plainDigits(text);
        if (digits < 0) {
            return -1;
        }
        long value = Long.parseLong(text, 0, digits, 10);
        if (digits == text.length()) {
            return value == 0 ? 0 : -1;
        }
        Long factor = DURATION_NS.get(text.substring(digits));
        return factor == null ? -1 : times(value, factor, -1);
    }

    private static final String[] RATE_SUFFIXES = {"bps", "bit/s"};

    /** The decimal prefix of a rate unit ("G" of "Gbps", "" of "bit/s"), or null when it is not bits per second. */
    private static String ratePrefix(String unit) {
        for (String suffix : RATE_SUFFIXES) {
            if (unit.endsWith(suffix)) {
                return unit.substring(0, unit.length() - suffix.length());
            }
        }
        return null;
    }

    /**
     * A rate written as ASCII digits then a unit of letters and '/' ({@code 10Gbps}, {@code 100Mbit/s}),
     * read as {@link #bitsPerSecond} reads it but without the pattern and the decimal arithmetic:
     * BigDecimal's class initialiser alone took about 10 ms of the default world's reading, which a
     * visit waits for. 0 for anything else (blanks, fractions, errors), which the general path then
     * reads as before. The same value either way.
     */
    private static long plainBitsPerSecond(String text) {
        int digits = plainDigits(text);
        if (digits < 0 || digits == text.length()) {
            return 0;
        }
        String unit = text.substring(digits);
        String prefix = ratePrefix(unit);
        Long factor = prefix == null ? null : DECIMAL_PREFIX.get(prefix.toLowerCase(Locale.ROOT));
        return factor == null ? 0 : times(Long.parseLong(text, 0, digits, 10), factor, 0);
    }

    /**
     * A size written as ASCII digits, alone or then a unit of letters ({@code 64MiB}, {@code 1500}),
     * read as {@link #bytes} reads it but without the pattern and the decimal arithmetic; -1 for
     * anything else (blanks, fractions, errors), which the general path then reads as before. The
     * same value either way.
     */
    private static long plainBytes(String text) {
        int digits = plainDigits(text);
        if (digits < 0) {
            return -1;
        }
        long value = Long.parseLong(text, 0, digits, 10);
        if (digits == text.length()) {
            return value;
        }
        String unit = text.substring(digits);
        if (!unit.endsWith("B")) { // bits (b, bit) and anything else: the general path
            return -1;
        }
        Long factor = SIZE_PREFIX.get(unit.substring(0, unit.length() - 1).toLowerCase(Locale.ROOT));
        return factor == null ? -1 : times(value, factor, -1);
    }

    /**
     * How many ASCII digits {@code text} starts with (1 to 18, so the number fits a long), when all
     * that follows them is ASCII letters and '/'; -1 otherwise.
     */
    private static int plainDigits(String text) {
        if (text == null) {
            return -1;
        }
        int n = text.length();
        int digits = 0;
        while (digits < n && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 18) {
            return -1;
        }
        for (int i = digits; i < n; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/')) {
                return -1;
            }
        }
        return digits;
    }

    /** value * factor, or {@code none} when the product does not fit a long. */
    private static long times(long value, long factor, long none) {
        return value > Long.MAX_VALUE / factor ? none : value * factor;
    }

    /** value * factor as an exact long, or a readable error when it has a fraction or overflows. */
    private static long exact(BigDecimal value, long factor, String what, String text, String quantum) {
        BigDecimal product = value.multiply(BigDecimal.valueOf(factor));
        BigInteger whole;
        try {
            whole = product.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw bad(what, text, "not a whole number of " + quantum + "s");
        }
        if (whole.bitLength() > 63) {
            throw bad(what, text, "too large");
        }
        return whole.longValueExact();
    }

    private static IllegalArgumentException bad(String what, String text, String problem) {
        return new IllegalArgumentException("bad " + what + " '" + text.strip() + "': " + problem);
    }
}
