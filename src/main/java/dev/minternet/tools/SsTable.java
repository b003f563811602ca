package dev.minternet.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * ss's table (iproute2 6.1, output not on a terminal, its "compact" layout): ten columns, each
 * as wide as its longest field (header included) plus its one-space left delimiter; the local
 * and peer addresses right-aligned up to their ':' and their ports left-aligned after it; every
 * field but the right-aligned ones padded with spaces to the column's width, trailing spaces
 * included; the Netid column only when more than one protocol is listed.
 */
final class SsTable {
    private static final String[] HEADERS = {"Netid", "State", "Recv-Q", "Send-Q", "Local Address:", "Port",
            "Peer Address:", "Port", "Process", ""};
    private static final boolean[] RIGHT = {false, false, false, false, true, false, true, false, false, false};
    private static final String[] DELIM = {"", " ", " ", " ", " ", "", " ", "", "", ""};

    private final boolean netid;
    private final boolean state;
    private final List<String[]> rows = new ArrayList<>();

    /** The Netid column when more than one protocol is listed, the State column unless a filter names one state. */
    SsTable(boolean netid, boolean state, boolean header) {
        this.netid = netid;
        this.state = state;
        if (header) {
            rows.add(HEADERS.clone());
        }
    }

    /**
     * One socket: the Recv-Q and Send-Q as ss writes them ({@code %-6d}), the addresses with
     * their ports, the process column and the extension ({@code -i}, {@code -e}, {@code -m}),
     * which starts with a newline and a tab unless it is empty.
     */
    void add(String proto, String state, long recvQ, long sendQ, String localAddr, String localPort, String peerAddr,
            String peerPort, String process, String ext) {
        rows.add(new String[] {proto, state, String.format("%-6d", recvQ), String.format("%-6d", sendQ), localAddr + ":",
                localPort, peerAddr + ":", peerPort, process, ext});
    }

    /** The lines ss prints (an extension's newline splits a row into two lines). */
    List<String> render() {
        int[] width = new int[HEADERS.length];
        boolean first = true;
        for (int c = 0; c < HEADERS.length; c++) {
            if (c == 0 && !netid || c == 1 && !state) {
                continue;
            }
            int max = 0;
            for (String[] r : rows) {
                max = Math.max(max, r[c].length());
            }
            width[c] = !first && max > 0 ? max + DELIM[c].length() : max;
            if (width[c] > 0) {
                first = false;
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            boolean started = false;
            for (int c = 0; c < HEADERS.length; c++) {
                if ((c == 0 && !netid) || (c == 1 && !state) || width[c] == 0) {
                    continue;
                }
                int printed = 0;
                if (started) {
                    b.append(DELIM[c]);
                    printed = DELIM[c].length();
                }
                started = true;
                if (RIGHT[c]) {
                    b.append(" ".repeat(Math.max(0, width[c] - r[c].length() - printed)));
                    b.append(r[c]);
                } else {
                    b.append(r[c]);
                    b.append(" ".repeat(Math.max(0, width[c] - printed - r[c].length())));
                }
            }
            out.addAll(List.of(b.toString().split("\n", -1)));
        }
        return out;
    }
}
