package dev.minternet.tools;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;

/** An /etc/hosts text read as glibc's files backend reads it: an address, then its names; '#' starts a comment. */
final class HostsFile {
    private HostsFile() {
    }

    /** One line: the address (IPv6 in its canonical text) and its names, the official one first. */
    record Line(String address, List<String> names) {
    }

    static List<Line> parse(String text) {
        List<Line> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String[] words = (hash >= 0 ? raw.substring(0, hash) : raw).trim().split("\\s+");
            if (words.length < 2) {
                continue;
            }
            String address = words[0];
            if (Ip6.isAddress(address)) {
                address = Ip6.parse(address).toString();
            } else if (!Ip4.isAddress(address)) {
                continue; // glibc skips a line whose address does not parse
            }
            out.add(new Line(address, List.of(words).subList(1, words.length)));
        }
        return out;
    }
}
