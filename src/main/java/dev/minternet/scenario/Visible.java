package dev.minternet.scenario;

/**
 * Makes text from a scenario safe to print on the user's real terminal. A scenario (and anything
 * it serves: a page, a DNS name, a message sent with nc) may carry escape sequences that would
 * recolour, move the cursor, retitle the window or hide lines; printed raw, they reach the
 * terminal. Control characters are shown the way {@code cat -v} shows them: ESC as {@code ^[},
 * DEL as {@code ^?}, the C1 controls as {@code M-^[} and so on. Tabs stay, as does one carriage
 * return at the end of a line (a CRLF line), which a terminal shows as nothing. The bidirectional
 * overrides that reorder what is shown (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F) are shown
 * as {@code <U+202E>}.
 */
public final class Visible {
    private Visible() {
    }

    /** {@code s} with every control character made visible; {@code s} itself when it has none. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = 0;
        while (i < n && !special(s.charAt(i), i == n - 1)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!special(c, i == n - 1)) {
                b.append(c);
            } else if (c < 0x20) {
                b.append('^').append((char) (c + 64));
            } else if (c == 0x7f) {
                b.append("^?");
            } else if (c < 0xa0) {
                b.append("M-^").append((char) (c - 0x80 + 64));
            } else {
                b.append(String.format("<U+%04X>", (int) c));
            }
        }
        return b.toString();
    }

    /**
     * {@code s} if it has at most {@code max} characters, else its start and its end around
     * {@code ...[N characters]...}: a value megabytes long never floods the terminal, and the end of
     * a message (what to do about it) stays.
     */
    public static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int tail = max / 4;
        return s.substring(0, max - tail) + "...[" + s.length() + " characters]..." + s.substring(s.length() - tail);
    }

    private static boolean special(char c, boolean last) {
        if (c < 0x20) {
            return c != '\t' && !(c == '\r' && last);
        }
        return c >= 0x7f && c < 0xa0 || c == 0x200e || c == 0x200f || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }
}
