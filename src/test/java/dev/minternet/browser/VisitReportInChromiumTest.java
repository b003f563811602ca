package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.Main;
import dev.minternet.testing.Oracles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge for the HTML report is a real browser: Debian's headless Chromium, driven by
 * playwright-core (src/test/js, installed by .ci/run with npm ci). The page must load without a
 * console error and lay out one waterfall bar per request the narration counted.
 */
class VisitReportInChromiumTest {
    static final Path SCRIPT = Path.of("src/test/js/check-report.mjs");
    static final Path PLAYWRIGHT = Path.of("src/test/js/node_modules/playwright-core");
    static final Pattern ROW = Pattern.compile("\\{\"label\":\"([^\"]*)\",\"width\":([0-9.]+),\"height\":([0-9.]+)}");

    @TempDir
    Path dir;

    @Test
    void the_html_report_opens_in_chromium_without_errors_with_one_bar_per_request() throws Exception {
        Oracles.require("chromium", "chromium");
        Path node = Oracles.require("node", "nodejs");
        if (!Files.isDirectory(PLAYWRIGHT)) {
            String why = "playwright-core not installed: run `npm ci` in src/test/js";
            if (Oracles.strict()) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        Path html = dir.resolve("visit.html");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute("visit", "https://www.example.com/", "--repeat", "2", "--html", html.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        // Requests in the narration's text waterfalls: rows whose label is a path.
        long requests = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("  /")).count();
        assertThat(requests).isEqualTo(12);

        Process p = new ProcessBuilder(node.toString(), SCRIPT.toString(), html.toString(), dir.resolve("visit.png").toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("chromium check finished").isTrue();
        assertThat(p.exitValue()).as(result).isZero();
        assertThat(result).as("console and page errors").contains("\"errors\":[]");
        assertThat(result).contains("\"title\":\"minternet visit\"");
        List<String> paths = new ArrayList<>();
        Matcher m = ROW.matcher(result);
        while (m.find()) {
            if (m.group(1).startsWith("/")) {
                paths.add(m.group(1));
                assertThat(Double.parseDouble(m.group(2))).as("bar width of %s", m.group(1)).isGreaterThan(0);
                assertThat(Double.parseDouble(m.group(3))).as("bar height of %s", m.group(1)).isGreaterThan(0);
            }
        }
        assertThat(paths).hasSize((int) requests);
        assertThat(result).containsPattern("\"svg\":\\{\"width\":[1-9]");
        assertThat(dir.resolve("visit.png")).isNotEmptyFile();
    }
}
