package dev.minternet.tools;

import java.nio.charset.StandardCharsets;

/**
 * Prints received bytes as the terminal's text lines, the way nc's standard output reads on a
 * terminal: a line is printed when its newline arrives, so a message that came in several
 * segments or datagrams shows as the one line it is. Carriage returns are dropped. A run of more
 * than {@link #MAX_LINE} characters without a newline is printed as it stands, so a stream of
 * bytes without newlines cannot pile up in memory.
 */
final class LinePrinter {
    static final int MAX_LINE = 64 * 1024;

    private final Terminal term;
    private final StringBuilder partial = new StringBuilder();

    LinePrinter(Terminal term) {
        this.term = term;
    }

    void write(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n') {
                term.println(partial.toString());
                partial.setLength(0);
            } else if (ch != '\r') {
                partial.append(ch);
            }
        }
        if (partial.length() > MAX_LINE) {
            flush();
        }
    }

    void flush() {
        if (partial.length() > 0) {
            term.println(partial.toString());
            partial.setLength(0);
        }
    }
}
