package dev.minternet.http;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A {@code Set-Cookie} header field parsed as RFC 6265 section 5.2 says a user agent parses it
 * (with RFC 6265bis's SameSite): the name-value pair before the first ';', then attributes whose
 * unknown names are ignored; {@code Expires} by the cookie-date algorithm of section 5.1.1;
 * {@code Max-Age} as a number of seconds (zero or less: expire now); an empty {@code Domain} is
 * ignored and a leading dot dropped; a {@code Path} that does not start with '/' is ignored (the
 * default path applies). The last of an attribute wins.
 *
 * @param expiresMs the Expires date (epoch ms), or null
 * @param maxAgeS   the Max-Age (seconds; may be negative), or null; it wins over Expires
 * @param domain    the Domain attribute (lower case, no leading dot), or null
 * @param path      the Path attribute, or null
 */
public record SetCookie(String name, String value, Long expiresMs, Long maxAgeS, String domain, String path, boolean secure,
                        boolean httpOnly, Cookie.SameSite sameSite) {

    /** Parses one field value; null when the user agent ignores it (no '=' in the pair, or an empty name). */
    public static SetCookie parse(String header) {
        int semi = header.indexOf(';');
        String pair = semi < 0 ? header : header.substring(0, semi);
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (name.isEmpty()) {
            return null;
        }
        Long expires = null;
        Long maxAge = null;
        String domain = null;
        String path = null;
        boolean secure = false;
        boolean httpOnly = false;
        Cookie.SameSite sameSite = Cookie.SameSite.DEFAULT;
        String rest = semi < 0 ? "" : header.substring(semi + 1);
        for (String av : rest.split(";", -1)) {
            int e = av.indexOf('=');
            String an = (e < 0 ? av : av.substring(0, e)).strip().toLowerCase(Locale.ROOT);
            String v = e < 0 ? "" : av.substring(e + 1).strip();
            switch (an) {
                case "expires" -> {
                    Long t = cookieDate(v);
                    if (t != null) {
                        expires = t;
                    }
                }
                case "max-age" -> {
                    if (v.matches("-?[0-9]+")) {
                        try {
                            maxAge = Long.parseLong(v);
                        } catch (NumberFormatException x) {
                            maxAge = v.startsWith("-") ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
                        }
                    }
                }
                case "domain" -> {
                    if (!v.isEmpty()) {
                        String d = v.startsWith(".") ? v.substring(1) : v;
                        domain = d.toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = v.startsWith("/") ? v : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> {
                    switch (v.toLowerCase(Locale.ROOT)) {
                        case "strict" -> sameSite = Cookie.SameSite.STRICT;
                        case "lax" -> sameSite = Cookie.SameSite.LAX;
                        case "none" -> sameSite = Cookie.SameSite.NONE;
                        default -> sameSite = Cookie.SameSite.DEFAULT; // RFC 6265bis 5.6.7: an unknown value is "Default"
                    }
                }
                default -> {
                    // unknown attributes are ignored (section 5.2 step 6)
                }
            }
        }
        return new SetCookie(name, value, expires, maxAge, domain, path, secure, httpOnly, sameSite);
    }

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private static boolean delimiter(char c) {
        return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60)
                || (c >= 0x7B && c <= 0x7E);
    }

    /** Leading digits of {@code t} (min..max of them, then a non-digit or the end), or -1. */
    private static int digits(String t, int min, int max) {
        int n = 0;
        while (n < t.length() && Character.isDigit(t.charAt(n)) && t.charAt(n) < 0x80) {
            n++;
        }
        if (n < min || n > max) {
            return -1;
        }
        return Integer.parseInt(t.substring(0, n));
    }

    /** RFC 6265 section 5.1.1's cookie-date algorithm: epoch milliseconds, or null when it fails. */
    public static Long cookieDate(String s) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && delimiter(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !delimiter(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                continue;
            }
            String t = s.substring(start, i);
            if (hour < 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[^0-9].*)?$")
                        .matcher(t);
                if (m.matches()) {
                    hour = Integer.parseInt(m.group(1));
                    minute = Integer.parseInt(m.group(2));
                    second = Integer.parseInt(m.group(3));
                    continue;
                }
            }
            if (day < 0) {
                int d = digits(t, 1, 2);
                if (d >= 0) {
                    day = d;
                    continue;
                }
            }
            if (month < 0 && t.length() >= 3) {
                String p = t.substring(0, 3).toLowerCase(Locale.ROOT);
                boolean found = false;
                for (int k = 0; k < 12; k++) {
                    if (MONTHS[k].equals(p)) {
                        month = k + 1;
                        found = true;
                    }
                }
                if (found) {
                    continue;
                }
            }
            if (year < 0) {
                int y = digits(t, 2, 4);
                if (y >= 0) {
                    year = y;
                }
            }
        }
        if (year >= 70 && year <= 99) {
            year += 1900;
        } else if (year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour < 0 || day < 0 || month < 0 || year < 0 || day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            return null; // e.g. 31 Feb: "the date does not exist"
        }
    }
}
