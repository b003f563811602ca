package dev.minternet.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads stay in the scenario's folder, writes under the output folder, and no link is followed out. */
class FilePolicyTest {
    @TempDir
    Path scenario;

    @TempDir
    Path out;

    @TempDir
    Path elsewhere;

    @Test
    void names_are_judged_before_the_disk_is_asked() {
        assertThat(FilePolicy.writeProblem("a.pcap")).isNull();
        assertThat(FilePolicy.writeProblem("caps/./a.pcap")).isNull();
        assertThat(FilePolicy.writeProblem("/dev/null")).isNull();
        assertThat(FilePolicy.writeProblem("/tmp/a.pcap")).isEqualTo(FilePolicy.WRITE_RULE);
        assertThat(FilePolicy.writeProblem("../a.pcap")).isEqualTo(FilePolicy.WRITE_RULE);
        assertThat(FilePolicy.writeProblem("caps/../../a.pcap")).isEqualTo(FilePolicy.WRITE_RULE);
        assertThat(FilePolicy.writeProblem("a\0b")).isNotNull();
    }

    @Test
    void writes_go_under_the_output_folder_and_dev_null_discards() throws Exception {
        FilePolicy p = FilePolicy.of(scenario, out);
        try (OutputStream o = p.create("deep/er/x.txt", true)) {
            o.write("x".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(out.resolve("deep/er/x.txt")).hasContent("x");
        assertThatThrownBy(() -> p.create("missing/x.txt", false)).isInstanceOf(NoSuchFileException.class);
        try (OutputStream o = p.create("/dev/null", false)) {
            o.write(1);
        }
        assertThatThrownBy(() -> FilePolicy.NONE.create("x.txt", true)).isInstanceOf(FileRefusedException.class);
        assertThat(FilePolicy.reason(new NoSuchFileException("x"))).isEqualTo("No such file or directory");
    }

    @Test
    void links_in_the_output_folder_are_not_followed() throws Exception {
        Path victim = elsewhere.resolve("victim");
        Files.writeString(victim, "keep");
        Files.createSymbolicLink(out.resolve("file"), victim);
        Files.createSymbolicLink(out.resolve("dir"), elsewhere);
        FilePolicy p = FilePolicy.of(scenario, out);
        assertThatThrownBy(() -> p.create("file", false)).hasMessage(FilePolicy.LINK_RULE);
        assertThatThrownBy(() -> p.create("dir/victim", false)).hasMessage(FilePolicy.LINK_RULE);
        assertThatThrownBy(() -> p.create("dir/new/x", true)).hasMessage(FilePolicy.LINK_RULE);
        assertThat(victim).hasContent("keep");
        try (var files = Files.list(elsewhere)) {
            assertThat(files.toList()).containsExactly(victim);
        }
    }

    @Test
    void reads_stay_in_the_scenario_folder_after_links_are_resolved() throws Exception {
        Files.writeString(scenario.resolve("in.txt"), "in");
        Files.writeString(elsewhere.resolve("secret"), "secret");
        Files.createSymbolicLink(scenario.resolve("out.txt"), elsewhere.resolve("secret"));
        Files.createSymbolicLink(scenario.resolve("alias.txt"), scenario.resolve("in.txt"));
        FilePolicy p = FilePolicy.of(scenario, out);
        assertThat(p.read("in.txt")).asString(StandardCharsets.UTF_8).isEqualTo("in");
        assertThat(p.read("alias.txt")).asString(StandardCharsets.UTF_8).isEqualTo("in");
        assertThat(p.read(scenario.resolve("in.txt").toString())).asString(StandardCharsets.UTF_8).isEqualTo("in");
        assertThatThrownBy(() -> p.read("out.txt")).hasMessage(FilePolicy.READ_RULE);
        assertThatThrownBy(() -> p.read(elsewhere.resolve("secret").toString())).hasMessage(FilePolicy.READ_RULE);
        // refused on paper: the answer is the same whether the file exists or not
        assertThatThrownBy(() -> p.read("../nope")).hasMessage(FilePolicy.READ_RULE);
        assertThatThrownBy(() -> p.read("nope")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> FilePolicy.NONE.read("in.txt")).isInstanceOf(FileRefusedException.class);
    }

    @Test
    void whatTheRunWrote_isReadBackFromTheOutputFolder_andNoLinkLeadsOut() throws Exception {
        Files.writeString(out.resolve("cap.pcap"), "written");
        Files.writeString(scenario.resolve("given.pcap"), "given");
        Files.writeString(scenario.resolve("cap.pcap"), "shadowed");
        Files.writeString(elsewhere.resolve("secret"), "secret");
        Files.createSymbolicLink(out.resolve("link.pcap"), elsewhere.resolve("secret"));
        FilePolicy p = FilePolicy.of(scenario, out);
        assertThat(p.readWritten("cap.pcap")).asString(StandardCharsets.UTF_8).isEqualTo("written"); // the output folder first
        assertThat(p.readWritten("given.pcap")).asString(StandardCharsets.UTF_8).isEqualTo("given"); // then the scenario's
        assertThatThrownBy(() -> p.readWritten("link.pcap")).isInstanceOf(FileRefusedException.class)
                .hasMessageContaining("symbolic link out of the output folder");
        assertThatThrownBy(() -> p.readWritten("../secret")).hasMessage(FilePolicy.READ_RULE);
        assertThatThrownBy(() -> p.readWritten("nope")).isInstanceOf(NoSuchFileException.class);
        // a built-in world: its output folder alone, and nothing by an absolute or ../ name
        FilePolicy builtIn = FilePolicy.of(null, out);
        assertThat(builtIn.readWritten("cap.pcap")).asString(StandardCharsets.UTF_8).isEqualTo("written");
        assertThatThrownBy(() -> builtIn.readWritten(elsewhere.resolve("secret").toString())).isInstanceOf(FileRefusedException.class);
        assertThatThrownBy(() -> builtIn.readWritten("../x")).isInstanceOf(FileRefusedException.class);
        assertThatThrownBy(() -> builtIn.readWritten("nope")).isInstanceOf(NoSuchFileException.class);
    }
}
