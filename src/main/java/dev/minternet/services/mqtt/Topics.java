package dev.minternet.services.mqtt;

/**
 * Topic names and topic filters (MQTT 3.1.1 section 4.7, MQTT 5.0 section 4.7): levels separated
 * by {@code /}; in a filter {@code +} matches exactly one level and {@code #}, last, matches the
 * parent level and any number of levels below it. A filter starting with a wildcard does not
 * match a topic starting with {@code $} (section 4.7.2).
 */
public final class Topics {
    private Topics() {
    }

    /** A topic name a PUBLISH may carry: not empty, no wildcards, no NUL (section 4.7.3). */
    public static boolean validName(String topic) {
        return !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    /** A filter a SUBSCRIBE may carry: wildcards occupy whole levels, {@code #} only last (section 4.7.1). */
    public static boolean validFilter(String filter) {
        if (filter.isEmpty() || filter.indexOf('\0') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.equals("#")) {
                if (i != levels.length - 1) {
                    return false;
                }
            } else if (!l.equals("+") && (l.indexOf('+') >= 0 || l.indexOf('#') >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code filter} (valid) matches {@code topic} (a valid name). */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // "sport/#" also matches "sport" (section 4.7.1.2)
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
