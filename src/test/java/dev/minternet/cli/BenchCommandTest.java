package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.bench.Dumbbell;
import dev.minternet.transport.tcp.CongestionAlgorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code minternet bench} command, run with tiny parameters: it exits 0 and its counts say
 * that all the work it was given was done. Wall-clock figures are printed but never checked
 * (docs/design.md: speed lives in benchmarks, not in tests).
 */
class BenchCommandTest {

    /** Runs {@code bench ARGS} and returns its output, after checking the exit code. */
    static String bench(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        CliTest.Outcome o = CliTest.exec(all);
        assertThat(o.code()).as(o.err()).isZero();
        return o.out();
    }

    /** The numbers after {@code label} (e.g. "lookups: 200 (answered 200, failed 0)" -> 200, 200, 0). */
    static List<Double> numbers(String out, String label) {
        int at = out.indexOf(label);
        assertThat(at).as("%s in%n%s", label, out).isNotNegative();
        int end = out.indexOf('\n', at);
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?").matcher(out.substring(at + label.length(), end < 0 ? out.length() : end));
        List<Double> l = new ArrayList<>();
        while (m.find()) {
            l.add(Double.parseDouble(m.group()));
        }
        return l;
    }

    static long count(String out, String label) {
        return numbers(out, label).get(0).longValue();
    }

    @Test
    void queue_executesEveryEvent() {
        String out = bench("queue", "--events", "100000", "--population", "100", "--warmup", "0");
        // each of the 100 held events reschedules itself until 100,000 have fired; the other 99 still fire once
        assertThat(count(out, "events: ")).isEqualTo(100_000 + 100 - 1);
        assertThat(count(out, "population: ")).isEqualTo(100);
    }

    @Test
    void manyhosts_everyEchoRequestGetsItsReply() {
        String out = bench("manyhosts", "--hosts", "20", "--requests", "3");
        assertThat(count(out, "hosts: ")).isEqualTo(20);
        assertThat(count(out, "requests sent: ")).isEqualTo(20 * 3);
        assertThat(count(out, "replies received: ")).isEqualTo(20 * 3);
    }

    @Test
    void manyhostsMemory_measuresTheHeapPerHostAndPerRequestInFlight() {
        String out = bench("manyhosts", "--hosts", "2000", "--requests", "1", "--memory");
        double perHost = Double.parseDouble(out.replaceAll("(?s).*heap per host \\(built world\\): (\\d+) bytes.*", "$1"));
        double perPacket = Double.parseDouble(out.replaceAll("(?s).*heap per request in flight: (\\d+) bytes.*", "$1"));
        // a host is at least its node, interface, link and socket objects; a request at least its
        // 92 bytes of IP datagram in an array
        assertThat(perHost).isBetween(500.0, 50_000.0);
        assertThat(perPacket).isBetween(92.0, 2_000.0);
    }

    @Test
    void manyhostsLans_everyEchoRequestGetsItsReplyThroughTheSwitches() {
        String out = bench("manyhosts", "--hosts", "20", "--requests", "3", "--lans");
        assertThat(out).contains("hosts: 20 (behind switches)");
        assertThat(count(out, "replies received: ")).isEqualTo(20 * 3);
    }

    @Test
    void tls_completesEveryHandshake() {
        String out = bench("tls", "--handshakes", "3", "--warmup", "0");
        // the bench throws unless both ends reach ESTABLISHED
        assertThat(count(out, "handshakes: ")).isEqualTo(3);
        // the flights of the last handshake, ClientHello first, as the JDK's engines produce them
        assertThat(numbers(out, "flights (B, client first): ")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(n -> assertThat(n).isPositive());
        assertThat(numbers(out, "handshakes/cpu-s, median of 10 batches: ").get(0)).isPositive();
    }

    @Test
    void dumbbell_movesDataOnEveryFlow() {
        String out = bench("dumbbell", "--flows", "2", "--sim-time", "0.5");
        assertThat(count(out, "flows: ")).isEqualTo(2);
        assertThat(numbers(out, "goodput: ").get(0)).isPositive();
        assertThat(count(out, "bottleneck forwarded: ")).isPositive();
        assertThat(numbers(out, "simulated: ").get(0)).isEqualTo(0.5);
        // the command prints totals only: the flows themselves each delivered bytes
        Dumbbell.Result r = Dumbbell.run(3, 0.5, CongestionAlgorithm.CUBIC, 1);
        assertThat(Arrays.stream(r.perFlowBytes()).boxed().toList()).hasSize(3).allSatisfy(b -> assertThat(b).isPositive());
    }

    @Test
    void http_answersEveryRequestOnBothProtocols() {
        String out = bench("http", "--connections", "2", "--requests", "20", "--streams", "4", "--warmup", "0");
        assertThat(numbers(out, "http/1.1: ").subList(0, 2)).containsExactly(40.0, 2.0);
        assertThat(numbers(out, "h2: ").subList(0, 2)).containsExactly(40.0, 2.0);
    }

    @Test
    void resolver_answersEveryLookup() {
        String out = bench("resolver", "--lookups", "200", "--names", "50", "--zones", "5", "--clients", "10");
        assertThat(numbers(out, "lookups: ")).containsExactly(200.0, 200.0, 0.0);
        assertThat(count(out, "upstream queries: ")).isPositive();
    }

    @Test
    void web_everyClientHandshakesOnce_andEveryRequestSucceeds() {
        // most of its time is the first use of H2, Netty and the JDK's TLS in the JVM, not the clients
        String out = bench("web", "--clients", "2", "--requests", "3");
        assertThat(numbers(out, "requests ok: ")).containsExactly(6.0, 0.0);
        assertThat(count(out, "TLS handshakes: ")).isEqualTo(2);
        assertThat(numbers(out, "latency p50: ").get(0)).isPositive();
    }

    @Test
    void linuxpath_prints_each_linux_figure_with_minternets_beside_it() {
        String out = bench("linuxpath", "--runs", "1", "--sim-time", "2");
        for (String label : new String[] {"1 cubic, no loss ", "1 reno, no loss ", "1 cubic, loss 0.1% ",
                "1 reno, loss 0.1% ", "1 cubic, loss 1% ", "1 reno, loss 1% ", "10 cubic flows ", "10 reno flows "}) {
            List<Double> n = numbers(out, label);
            // time, linux, minternet, ratio, linux here, ratio, retransmissions, timeouts
            assertThat(n.get(0)).isEqualTo(2.0);
            assertThat(n.get(2)).as(label).isPositive();
            assertThat(n.get(3)).as(label).isCloseTo(n.get(2) / n.get(1), org.assertj.core.data.Offset.offset(0.005));
            assertThat(n.get(4)).as(label).isPositive();
            assertThat(n.get(5)).as(label).isCloseTo(n.get(2) / n.get(4), org.assertj.core.data.Offset.offset(0.005));
        }
        assertThat(numbers(out, "1 cubic, no loss ").get(1)).isEqualTo(92.4);
        assertThat(out).contains("jain fairness").contains("bench/linuxpath/run.sh");
        List<Double> jain = numbers(out, "  jain fairness ");
        assertThat(jain.get(2)).isCloseTo(jain.get(1) / jain.get(0), org.assertj.core.data.Offset.offset(0.005));
        assertThat(jain.get(4)).isCloseTo(jain.get(1) / jain.get(3), org.assertj.core.data.Offset.offset(0.005));
    }
}
