package dev.minternet.tools;

import java.util.ArrayList;
import java.util.List;

/** A terminal that keeps what a tool printed and the status it exited with (-1: not yet). */
final class RecordingTerminal implements Terminal {
    final List<String> out = new ArrayList<>();
    int code = -1;

    @Override
    public void println(String line) {
        out.add(line);
    }

    @Override
    public void exit(int c) {
        code = c;
    }
}
