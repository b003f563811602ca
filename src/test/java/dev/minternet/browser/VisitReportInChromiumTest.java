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
 * playwright-core (src/test/js, installed by .ci/run with npm ci), at a phone's width (380 px), a
 * laptop's (1150 px) and a wide screen's (1550 px). At each the page loads without a console error
 * or a request for anything outside the file, is no wider than the window, leaves no lane of the
 * sequence diagram (web-3, app and db included), waterfall row or step where a reader cannot
 * scroll to it, and lays out one waterfall bar per request the narration counted.
 */
class VisitReportInChromiumTest {
    static final Path SCRIPT = Path.of("src/test/js/check-report.mjs");
    static final Path PLAYWRIGHT = Path.of("src/test/js/node_modules/playwright-core");
    static final Pattern ROW = Pattern.compile("\\{\"label\":\"([^\"]*)\",\"width\":([0-9.]+),\"height\":([0-9.]+)");
    static final Pattern PAGE = Pattern.compile("\"pageWidth\":(\\d+),\"window\":(\\d+)");
    static final List<String> WIDTHS = List.of("380", "1150", "1550");

    @TempDir
    Path dir;

    private Path node() {
        Oracles.require("chromium", "chromium");
        Path node = Oracles.require("node", "nodejs");
        if (!Files.isDirectory(PLAYWRIGHT)) {
            String why = "playwright-core not installed: run `npm ci` in src/test/js";
            if (Oracles.strict()) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        return node;
    }

    /** Runs visit with {@code args}; returns its standard output. */
    private static String visit(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Main.execute(args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The checker's JSON line per width. */
    private List<String> check(Path node, Path html) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), SCRIPT.toString(), html.toString(), dir.resolve("shot").toString()));
        cmd.addAll(WIDTHS);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("chromium check finished").isTrue();
        assertThat(p.exitValue()).as(result).isZero();
        List<String> lines = result.lines().filter(l -> l.startsWith("{\"width\":")).toList();
        assertThat(lines).as(result).hasSize(WIDTHS.size());
        for (int i = 0; i < WIDTHS.size(); i++) {
            String line = lines.get(i);
            assertThat(line).as("width").startsWith("{\"width\":" + WIDTHS.get(i) + ",");
            assertThat(line).as("console and page errors at %s px", WIDTHS.get(i)).contains("\"errors\":[]");
            assertThat(line).as("clipped at %s px", WIDTHS.get(i)).contains("\"clipped\":[]");
            Matcher m = PAGE.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("page width at %s px", WIDTHS.get(i)).isLessThanOrEqualTo(Integer.parseInt(m.group(2)));
            assertThat(dir.resolve("shot-" + WIDTHS.get(i) + ".png")).isNotEmptyFile();
        }
        return lines;
    }

    @Test
    void the_html_report_fits_every_window_without_errors_with_one_bar_per_request() throws Exception {
        Path node = node();
        Path html = dir.resolve("visit.html");
        String out = visit("visit", "https://www.example.com/", "--repeat", "2", "--html", html.toString());
        // Requests in the narration's text waterfalls: rows whose label is a path (the origin's)
        // or a URL (the CDN's static assets).
        long requests = out.lines().filter(l -> l.startsWith("  /") || l.startsWith("  https://")).count();
        assertThat(requests).isEqualTo(12);

        for (String result : check(node, html)) {
            assertThat(result).contains("\"title\":\"minternet visit: https://www.example.com/\"");
            assertThat(result).contains("\"web-3\"", "\"app\"", "\"db\"", "\"firewall\"", "\"lb\"");
            List<String> paths = new ArrayList<>();
            Matcher m = ROW.matcher(result);
            while (m.find()) {
                if (m.group(1).startsWith("/") || m.group(1).startsWith("https://")) {
                    paths.add(m.group(1));
                    assertThat(Double.parseDouble(m.group(2))).as("bar width of %s", m.group(1)).isGreaterThan(0);
                    assertThat(Double.parseDouble(m.group(3))).as("bar height of %s", m.group(1)).isGreaterThan(0);
                }
            }
            assertThat(paths).hasSize((int) requests);
            assertThat(result).contains("\"phases\":[\"request\",\"wait\",\"receive\"]", "\"phases\":[\"dns\"]", "\"phases\":[\"tls\"]");
            assertThat(result).containsPattern("\"svg\":\\{\"width\":[1-9]");
            assertThat(result).contains("\"banner\":[]");
        }
    }

    @Test
    void a_failed_visit_shows_a_red_banner_at_every_width() throws Exception {
        Path node = node();
        Path html = dir.resolve("failed.html");
        visit("visit", "https://www.example.com/", "--crash", "lb@0s", "--html", html.toString());
        for (String result : check(node, html)) {
            assertThat(result).contains("\"banner\":[{\"text\":\"The visit failed: ", "\"color\":\"rgb(201, 42, 42)\"");
        }
    }
}
