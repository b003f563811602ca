package dev.minternet.services.redis;

/**
 * Glob-style patterns as Redis's {@code stringmatchlen} reads them (KEYS): {@code *} any run,
 * {@code ?} one character, {@code [abc]}, {@code [^a]}, {@code [a-z]} classes and {@code \x}
 * escapes.
 */
final class Glob {
    private Glob() {
    }

    static boolean matches(String p, String s) {
        return match(p, 0, s, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                    pi++;
                }
                if (pi + 1 == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?') {
                pi++;
                si++;
            } else if (c == '[') {
                int i = pi + 1;
                boolean not = i < p.length() && p.charAt(i) == '^';
                if (not) {
                    i++;
                }
                boolean hit = false;
                char ch = s.charAt(si);
                while (i < p.length() && p.charAt(i) != ']') {
                    if (p.charAt(i) == '\\' && i + 1 < p.length()) {
                        hit |= p.charAt(++i) == ch;
                    } else if (i + 2 < p.length() && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                        char lo = (char) Math.min(p.charAt(i), p.charAt(i + 2));
                        char hi = (char) Math.max(p.charAt(i), p.charAt(i + 2));
                        hit |= ch >= lo && ch <= hi;
                        i += 2;
                    } else {
                        hit |= p.charAt(i) == ch;
                    }
                    i++;
                }
                if (hit == not) {
                    return false;
                }
                pi = Math.min(i + 1, p.length());
                si++;
            } else {
                if (c == '\\' && pi + 1 < p.length()) {
                    c = p.charAt(++pi);
                }
                if (c != s.charAt(si)) {
                    return false;
                }
                pi++;
                si++;
            }
        }
        return si == s.length();
    }
}
