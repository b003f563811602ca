package dev.minternet.tools.websocat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * websocat's command line, the part a timeline uses: {@code -t}/{@code --text} (the default) or
 * {@code -b}/{@code --binary}, {@code -n}/{@code --no-close}, {@code -k}/{@code --insecure},
 * {@code -H}/{@code --header 'Name: value'}, {@code --ping-interval SECS},
 * {@code --ping-timeout SECS}, {@code --deflate} (offer permessage-deflate, as browsers do), and
 * one {@code ws://} or {@code wss://} URL. Bad input throws IllegalArgumentException with the
 * message to print.
 */
record WebsocatArgs(boolean binary, boolean noClose, boolean insecure, List<String[]> headers, long pingIntervalNs,
        long pingTimeoutNs, boolean deflate, URI uri, String host, int port, boolean secure) {

    static final long S = 1_000_000_000L;

    /** clap 2's error for a command line it cannot parse (printed with websocat's usage and "For more information try --help"). */
    static final class ClapError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ClapError(String message) {
            super(message);
        }
    }

    /** What websocat 1.13 prints for -V/--version. */
    static final String VERSION = "websocat 1.13.0";

    static WebsocatArgs parse(List<String> argv) {
        boolean binary = false;
        boolean noClose = false;
        boolean insecure = false;
        boolean deflate = false;
        long pingInterval = 0;
        long pingTimeout = 0;
        List<String[]> headers = new ArrayList<>();
        String url = null;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            switch (a) {
                case "-t", "--text" -> binary = false;
                case "-b", "--binary" -> binary = true;
                case "-n", "--no-close" -> noClose = true;
                case "-k", "--insecure" -> insecure = true;
                case "--deflate" -> deflate = true;
                case "-H", "--header" -> headers.add(header(value(argv, ++i, a)));
                case "--ping-interval" -> pingInterval = seconds(value(argv, ++i, a), a);
                case "--ping-timeout" -> pingTimeout = seconds(value(argv, ++i, a), a);
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        throw new ClapError("Found argument '" + a + "' which wasn't expected, or isn't valid in this context");
                    }
                    if (url != null) {
                        throw new IllegalArgumentException("one URL only (websocat's second address is not modelled)");
                    }
                    url = a;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("No URL specified. Use `websocat --help` to show the help message.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("Unknown address or URL: " + url + " (use ws:// or wss://)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Invalid URL: no host in " + url);
        }
        boolean secure = scheme.equals("wss");
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        if (port > 65535) {
            throw new IllegalArgumentException("Invalid URL: port out of range in " + url);
        }
        return new WebsocatArgs(binary, noClose, insecure, List.copyOf(headers), pingInterval, pingTimeout, deflate, uri,
                uri.getHost().toLowerCase(Locale.ROOT), port, secure);
    }

    private static String value(List<String> argv, int i, String option) {
        if (i >= argv.size()) {
            throw new IllegalArgumentException("The argument '" + option + "' requires a value but none was supplied");
        }
        return argv.get(i);
    }

    private static String[] header(String h) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Invalid header (expected 'Name: value'): " + h);
        }
        return new String[] {h.substring(0, colon).strip(), h.substring(colon + 1).strip()};
    }

    private static long seconds(String v, String option) {
        try {
            long s = Long.parseLong(v);
            if (s < 1 || s > 86_400) {
                throw new NumberFormatException();
            }
            return s * S;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value for '" + option + "': " + v + " (whole seconds, 1-86400)");
        }
    }
}
