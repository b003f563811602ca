package dev.minternet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every design decision the code and the docs cite ("docs/design.md decision N") is in
 * docs/design.md, in the repository, so that a fresh clone can follow every reference; nothing
 * cites a document outside it.
 */
class DesignReferencesTest {
    /** The design file outside the repository that early code cited (spelt in two parts so this file does not). */
    static final String OUTSIDE = "shared/" + "DESIGN";
    static final String OUTSIDE_FILE = "DESIGN" + ".md";
    static final Pattern CITE = Pattern.compile("docs/design\\.md decisions? ([0-9]+)((?:(?:, | and )[0-9]+)*)");

    @Test
    void every_cited_decision_exists_and_nothing_cites_a_design_file_outside_the_repository() throws IOException {
        String design = Files.readString(Path.of("docs/design.md"));
        List<String> missing = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        int cited = 0;
        try (Stream<Path> files = Stream.concat(Stream.concat(Files.walk(Path.of("src")), Files.walk(Path.of("docs"))),
                Stream.of(Path.of("README.md")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md")).toList()) {
                String text = Files.readString(f);
                if (text.contains(OUTSIDE) || text.contains(OUTSIDE_FILE)) {
                    outside.add(f.toString());
                }
                Matcher m = CITE.matcher(text);
                while (m.find()) {
                    List<String> numbers = new ArrayList<>(List.of(m.group(1)));
                    for (String more : m.group(2).split("\\D+")) {
                        if (!more.isEmpty()) {
                            numbers.add(more);
                        }
                    }
                    for (String n : numbers) {
                        cited++;
                        if (!design.contains("\n## " + n + ". ")) {
                            missing.add(f + ": decision " + n);
                        }
                    }
                }
            }
        }
        assertThat(cited).as("the code cites the design decisions").isGreaterThan(30);
        assertThat(missing).isEmpty();
        assertThat(outside).as("files citing a design document outside the repository").isEmpty();
    }
}
