package dev.minternet.tools.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * mosquitto_sub's {@code -F} output format (client/sub_client_output.c, 2.0.11): {@code %t} topic,
 * {@code %p} payload, {@code %x}/{@code %X} payload in hex, {@code %l} its length, {@code %q}
 * QoS, {@code %r} retain, {@code %m} message id, {@code %I} ISO 8601 time, {@code %U} Unix time
 * with nanoseconds, {@code %%}; each with an optional {@code -} (left-align), {@code 0} (zero
 * pad), field width and {@code .precision} as formatted_print reads them; {@code \\n}, {@code
 * \\t}, {@code \\\\} and the other C escapes; {@code @@}. The MQTT 5 property fields and
 * {@code @} strftime fields other than {@code @@} print nothing. The clock is the simulation's,
 * in UTC.
 */
final class SubFormat {
    private SubFormat() {
    }

    /** check_format (client_shared.c): an incomplete or unknown specifier or escape is refused with its error; returns the format. */
    static String check(String f) {
        int len = f.length();
        for (int i = 0; i < len; i++) {
            char c = f.charAt(i);
            if (c == '%') {
                if (i == len - 1) {
                    throw incomplete();
                }
                if (f.charAt(i + 1) == '0' || f.charAt(i + 1) == '-') {
                    if (++i == len - 1) {
                        throw incomplete();
                    }
                }
                while (Character.isDigit(f.charAt(i + 1))) {
                    if (++i == len - 1) {
                        throw incomplete();
                    }
                }
                if (f.charAt(i + 1) == '.') {
                    if (++i == len - 1) {
                        throw incomplete();
                    }
                    while (Character.isDigit(f.charAt(i + 1))) {
                        if (++i == len - 1) {
                            throw incomplete();
                        }
                    }
                }
                char spec = f.charAt(i + 1);
                if ("%ACDEFIlmPpqRSrtjJUxX".indexOf(spec) < 0) {
                    throw new IllegalArgumentException("Error: Invalid format specifier '" + spec + "'.");
                }
                i++;
            } else if (c == '@') {
                if (i == len - 1) {
                    throw incomplete();
                }
                i++;
            } else if (c == '\\') {
                if (i == len - 1) {
                    throw new IllegalArgumentException("Error: Incomplete escape specifier.");
                }
                char e = f.charAt(i + 1);
                if ("\\0aenrtv".indexOf(e) < 0) {
                    throw new IllegalArgumentException("Error: Invalid escape specifier '" + e + "'.");
                }
                i++;
            }
        }
        return f;
    }

    private static IllegalArgumentException incomplete() {
        return new IllegalArgumentException("Error: Incomplete format specifier.");
    }

    static String format(String f, String topic, byte[] payload, int qos, boolean retain, int mid, Instant now) {
        StringBuilder out = new StringBuilder();
        int len = f.length();
        for (int i = 0; i < len; i++) {
            char c = f.charAt(i);
            if (c == '%' && i < len - 1) {
                i++;
                boolean left = false;
                char pad = ' ';
                int width = 0;
                int precision = -1;
                if (f.charAt(i) == '-') {
                    left = true;
                    i = Math.min(i + 1, len - 1);
                }
                if (f.charAt(i) == '0') {
                    pad = '0';
                    i = Math.min(i + 1, len - 1);
                }
                while (i < len - 1 && Character.isDigit(f.charAt(i))) {
                    width = width * 10 + (f.charAt(i++) - '0');
                }
                if (f.charAt(i) == '.' && i < len - 1) {
                    i++;
                    precision = 0;
                    while (i < len - 1 && Character.isDigit(f.charAt(i))) {
                        precision = precision * 10 + (f.charAt(i++) - '0');
                    }
                }
                percent(out, f.charAt(i), topic, payload, qos, retain, mid, now, left, pad, width, precision);
            } else if (c == '@' && i < len - 1) {
                i++;
                if (f.charAt(i) == '@') {
                    out.append('@');
                }
            } else if (c == '\\' && i < len - 1) {
                i++;
                switch (f.charAt(i)) {
                    case '\\' -> out.append('\\');
                    case '0' -> out.append('\0');
                    case 'a' -> out.append('\u0007');
                    case 'e' -> out.append('\u001b');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'v' -> out.append('\u000b');
                    default -> {
                    }
                }
            } else if (c != '%' && c != '@' && c != '\\') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void percent(StringBuilder out, char f, String topic, byte[] payload, int qos, boolean retain, int mid, Instant now,
            boolean left, char pad, int width, int precision) {
        switch (f) {
            case '%' -> out.append('%');
            case 't' -> out.append(str(topic, left, width, precision));
            case 'p' -> out.append(payload(payload, 0, left, pad, width));
            case 'x' -> out.append(payload(payload, 1, left, pad, width));
            case 'X' -> out.append(payload(payload, 2, left, pad, width));
            case 'l' -> out.append(integer(payload.length, left, pad, width));
            case 'm' -> out.append(integer(mid, left, pad, width));
            case 'q' -> out.append((char) ('0' + qos));
            case 'r' -> out.append(retain ? '1' : '0');
            case 'I' -> out.append(str(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx", Locale.ROOT)
                    .format(now.atOffset(ZoneOffset.UTC)), left, width, precision));
            case 'U' -> out.append(now.getEpochSecond()).append('.').append(String.format(Locale.ROOT, "%09d", now.getNano()));
            default -> {
                // MQTT 5 properties (%A %C %D %E %F %P %R %S) and JSON (%j %J) are not modelled
            }
        }
    }

    private static String integer(int v, boolean left, char pad, int width) {
        if (width == 0) {
            return Integer.toString(v);
        }
        return left ? String.format(Locale.ROOT, "%-" + width + "d", v)
                : pad == '0' ? String.format(Locale.ROOT, "%0" + width + "d", v) : String.format(Locale.ROOT, "%" + width + "d", v);
    }

    private static String str(String v, boolean left, int width, int precision) {
        String s = precision >= 0 && v.length() > precision ? v.substring(0, precision) : v;
        if (width == 0 || s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return left ? s + fill : fill + s;
    }

    /** write_payload: the payload (hex 1 lower, 2 upper), cut to the field width, padded. */
    private static String payload(byte[] p, int hex, boolean left, char pad, int width) {
        int n = p.length;
        int padlen;
        if (width > 0) {
            n = Math.min(n, width);
            if (hex > 0) {
                n /= 2;
                padlen = width - n * 2;
            } else {
                padlen = width - n;
            }
        } else {
            padlen = width - n;
        }
        StringBuilder b = new StringBuilder();
        if (!left) {
            b.append(String.valueOf(pad).repeat(Math.max(0, padlen)));
        }
        if (hex == 0) {
            b.append(new String(p, 0, n, StandardCharsets.UTF_8));
        } else {
            for (int i = 0; i < n; i++) {
                b.append(String.format(Locale.ROOT, hex == 1 ? "%02x" : "%02X", p[i] & 0xff));
            }
        }
        if (left) {
            b.append(" ".repeat(Math.max(0, padlen)));
        }
        return b.toString();
    }
}
