package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The visit panel's report while the visit runs: given a live default world at half speed, when
 * the laptop visits https://www.example.com/ from the web view's terminal, then the report read
 * while the visit runs is the HTML report's waterfall and sequence diagram as far as the trace goes
 * ("Page loading"), growing as the visit goes on, and once the visit has ended it is the final report.
 */
class VisitSoFarTest {
    @Test
    void a_running_visit_has_a_report_so_far_that_grows_until_the_final_one() throws Exception {
        try (LiveFixture f = new LiveFixture(0.5)) {
            Terminals t = new Terminals(f.server.live());
            long id = t.start("laptop", "visit https://www.example.com/");
            int whileRunning = 0;
            int largest = 0;
            long end = System.currentTimeMillis() + 120_000;
            while (!t.output(id, 0).done() && System.currentTimeMillis() < end) {
                Terminals.Report r = t.reportSoFar(id);
                if (r != null && r.html().contains("Page loading: <b>")) {
                    whileRunning++;
                    assertThat(r.html()).contains("<h3>Waterfall</h3>").contains("<svg").doesNotContain("The visit failed");
                    assertThat(r.har()).isNull();
                    largest = Math.max(largest, r.html().length());
                }
                Thread.sleep(20);
            }
            Terminals.Output o = t.output(id, 0);
            assertThat(o.done()).isTrue();
            assertThat(o.exit()).as(String.join("\n", o.lines())).isZero();
            assertThat(whileRunning).as("reports read while the visit ran").isPositive();
            Terminals.Report done = t.reportSoFar(id);
            assertThat(done.html()).contains("Page loaded in <b>").doesNotContain("Page loading");
            assertThat(done.html().length()).isGreaterThanOrEqualTo(largest);
            assertThat(done.har()).contains("\"log\"");
            assertThat(t.reportSoFar(t.start("laptop", "ip route"))).isNull();
        }
    }
}
