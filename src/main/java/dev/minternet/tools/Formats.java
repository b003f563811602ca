package dev.minternet.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats of the C tools we imitate. */
final class Formats {
    private Formats() {
    }

    /** C's printf("%g"): 6 significant digits, trailing zeros removed. */
    static String g(double v) {
        if (v == 0) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        BigDecimal b = new BigDecimal(v).round(new MathContext(6));
        String s = b.stripTrailingZeros().toPlainString();
        return s;
    }

    /** iputils ping's RTT format: 3 significant digits-ish, from microseconds. */
    static String pingTime(long us) {
        if (us >= 100000 - 50) {
            return Long.toString((us + 500) / 1000);
        } else if (us >= 10000 - 5) {
            return String.format(Locale.ROOT, "%d.%01d", (us + 50) / 1000, ((us + 50) % 1000) / 100);
        } else if (us >= 1000) {
            return String.format(Locale.ROOT, "%d.%02d", (us + 5) / 1000, ((us + 5) % 1000) / 10);
        }
        return String.format(Locale.ROOT, "%d.%03d", us / 1000, us % 1000);
    }

    /** Microseconds as "%ld.%03ld" milliseconds. */
    static String ms3(long us) {
        return String.format(Locale.ROOT, "%d.%03d", us / 1000, us % 1000);
    }
}
