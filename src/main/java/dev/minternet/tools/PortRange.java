package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import dev.minternet.node.Node;
import java.util.function.BiConsumer;

/**
 * nc -z over a range of ports, as OpenBSD nc's main loop goes through its port list: one attempt
 * a port, in order, each reporting as a single one would; the next starts once the one before has
 * ended; the status is 0 when any succeeded (130 on Ctrl-C).
 */
final class PortRange {
    private PortRange() {
    }

    /** Runs {@code attempt} (its terminal, its port) for each port of {@code range} = {lo, hi}. */
    static void each(Node node, Terminal term, int[] range, BiConsumer<Terminal, Integer> attempt) {
        int[] next = {range[0]};
        boolean[] any = {false};
        Runnable[] step = new Runnable[1];
        Terminal each = new Terminal() {
            @Override
            public void println(String line) {
                term.println(line);
            }

            @Override
            public void exit(int code) {
                any[0] |= code == 0;
                if (code == 130 || next[0] > range[1]) {
                    term.exit(code == 130 ? 130 : any[0] ? 0 : 1);
                } else {
                    node.sim().schedule(0, step[0]); // the next port once this attempt has ended
                }
            }

            @Override
            public void onInterrupt(Runnable r) {
                term.onInterrupt(r);
            }

            @Override
            public FilePolicy files() {
                return term.files();
            }
        };
        step[0] = () -> attempt.accept(each, next[0]++);
        step[0].run();
    }
}
