package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.node.World;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cat and tail over a node's file area, with GNU coreutils' messages and exit codes. */
class CatTailTest {
    final Node node = new World(1, Instant.parse("2026-12-04T09:00:00Z")).addHost("h");
    final RecordingTerminal term = new RecordingTerminal();
    final List<String> out = term.out;

    void log(int lines) {
        for (int i = 1; i <= lines; i++) {
            NodeFiles.of(node).append("/var/log/x.log", "line " + i + "\n");
        }
    }

    @Test
    void tail_prints_the_last_ten_lines_or_n() {
        log(12);
        new Tail().start(node, List.of("/var/log/x.log"), term);
        assertThat(out).hasSize(10).startsWith("line 3").endsWith("line 12");
        assertThat(term.code).isZero();
        out.clear();
        new Tail().start(node, List.of("-n", "2", "/var/log/x.log"), term);
        assertThat(out).containsExactly("line 11", "line 12");
        out.clear();
        new Tail().start(node, List.of("-3", "/var/log/x.log"), term);
        assertThat(out).containsExactly("line 10", "line 11", "line 12");
        out.clear();
        new Tail().start(node, List.of("-n0", "/var/log/x.log"), term);
        assertThat(out).isEmpty();
    }

    @Test
    void several_files_get_headers_and_a_missing_one_is_exit_1() {
        log(1);
        NodeFiles.of(node).write("/etc/motd", "hello\n");
        new Tail().start(node, List.of("-n", "1", "/var/log/x.log", "/nope", "/etc/motd"), term);
        assertThat(out).containsExactly("==> /var/log/x.log <==", "line 1",
                "tail: cannot open '/nope' for reading: No such file or directory", "", "==> /etc/motd <==", "hello");
        assertThat(term.code).isEqualTo(1);
        assertThatThrownBy(() -> new Tail().validate(List.of("-n", "x", "/a"))).hasMessage("tail: invalid number of lines: 'x'");
        assertThatThrownBy(() -> new Tail().validate(List.of("-f", "/a"))).hasMessage("tail: invalid option -- 'f'");
    }

    @Test
    void cat_prints_whole_files_in_order() {
        log(2);
        new Cat().start(node, List.of("/var/log/x.log", "/var/log/x.log"), term);
        assertThat(out).containsExactly("line 1", "line 2", "line 1", "line 2");
        assertThat(term.code).isZero();
        out.clear();
        new Cat().start(node, List.of("/missing"), term);
        assertThat(out).containsExactly("cat: /missing: No such file or directory");
        assertThat(term.code).isEqualTo(1);
    }

    @Test
    void a_file_keeps_its_last_mebibyte_in_whole_lines() {
        String line = "x".repeat(99) + "\n";
        for (int i = 0; i < 11_000; i++) {
            NodeFiles.of(node).append("/big", line);
        }
        String kept = NodeFiles.of(node).read("/big");
        assertThat(kept.length()).isLessThanOrEqualTo(NodeFiles.MAX_BYTES).isGreaterThan(NodeFiles.MAX_BYTES - 100);
        assertThat(kept).startsWith(line);
        // a relative name is under the shell's working directory, root's home; a directory is no file
        NodeFiles.of(node).append("relative", "x");
        assertThat(NodeFiles.of(node).read("/root/relative")).isEqualTo("x");
        assertThatThrownBy(() -> NodeFiles.of(node).append("/var/log/", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
