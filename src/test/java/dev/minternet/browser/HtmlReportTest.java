package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of {@code visit --html}, read as text: what a reader finds on the page (the URL
 * in the title, the phases on the waterfall, the steps' explanations, the SYN hop by hop through
 * NAT and firewall, the TLS handshake's messages, hover titles, a red banner when the visit
 * failed), with nothing fetched from elsewhere and the same bytes on every run.
 */
class HtmlReportTest {
    @TempDir
    Path dir;

    private String report(String name, String... args) throws Exception {
        Path html = dir.resolve(name);
        String[] all = new String[args.length + 3];
        all[0] = "visit";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--html";
        all[args.length + 2] = html.toString();
        CliTest.Outcome o = CliTest.exec(all);
        assertThat(o.err()).doesNotContain("Exception");
        return Files.readString(html);
    }

    @Test
    void the_page_names_the_url_and_colours_each_phase_on_a_time_axis() throws Exception {
        String h = report("v.html", "https://www.example.com/");
        assertThat(h).contains("<title>minternet visit: https://www.example.com/</title>");
        assertThat(h).contains("<div class=\"axis\"><span class=\"first\" style=\"left:0%\">0.000 ms</span>");
        for (String phase : List.of("dns", "tcp", "tls", "request", "wait", "receive")) {
            assertThat(h).as(phase).containsPattern("<span class=\"" + phase + "\" style=\"left:[0-9.]+%;width:[0-9.]+%\" title=\"" + phase + " ");
        }
        // The document's row: request, wait (time to first byte), receive with its size on the wire.
        assertThat(h).containsPattern("<tr title=\"/: 200 text/html[^\"]*over h2, [0-9.]+ ms\"><td class=\"label\">/</td>"
                + "<td class=\"barcell\"><div class=\"bar\"><span class=\"request\"[^>]*></span><span class=\"wait\"[^>]*"
                + "title=\"wait [0-9.]+ ms \\(time to first byte\\)[^>]*></span><span class=\"receive\"[^>]*title=\"receive [0-9.]+ ms, [0-9]+ B on the wire");
        assertThat(h).doesNotContain("class=\"banner");
    }

    @Test
    void the_steps_carry_the_explain_sentences_of_the_narration() throws Exception {
        String h = report("v.html", "https://www.example.com/");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--explain");
        List<String> lines = o.out().lines().toList();
        int explained = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i - 1).matches(" ?\\d+\\. \\[.*") && lines.get(i).startsWith("      ")) {
                assertThat(h).contains("<p class=\"explain\">" + Diagram.esc(lines.get(i).strip()) + "</p>");
                explained++;
            }
        }
        assertThat(explained).isGreaterThanOrEqualTo(5);
    }

    @Test
    void the_diagram_draws_the_syn_through_routers_nat_and_firewall_and_the_tls_handshake() throws Exception {
        String h = report("v.html", "https://www.example.com/");
        for (String lane : List.of("laptop", "home-router", "isp-a-core", "firewall", "dc-core", "lb", "web-3", "app", "db")) {
            assertThat(h).as(lane).contains("<g class=\"lane\" data-node=\"" + lane + "\">");
        }
        // The page's connection is IPv6 (Happy Eyeballs): hop by hop through the routers, no NAT.
        assertThat(h).doesNotContain("NAT as");
        assertThat(h).containsPattern("<g class=\"msg tcp\"><title>[^<]*isp-a-core \u2192 ixp: TCP SYN forwarded\n"
                + "ip6 forward on isp-a-core at [0-9.]+ s: src=2001:db8:81:200:");
        // Over IPv4 (IPv6 broken at the data centre's edge), the same SYN meets the home NAT and the firewall.
        String v4 = report("v4.html", "https://www.example.com/", "--fail-ipv6", "dc-edge@0s");
        assertThat(v4).containsPattern(">TCP SYN, NAT as 81\\.2\\.10\\.2:\\d+</text>");
        assertThat(v4).containsPattern(">TCP SYN, firewall ACCEPT \\(rule \\d+\\)</text>");
        assertThat(v4).containsPattern("<g class=\"msg tcp\"><title>[^<]*TCP SYN forwarded\nip forward on isp-a-core at [0-9.]+ s: src=81\\.2\\.10\\.2");
        assertThat(h).containsSubsequence(">TLS ClientHello (517 B)<", ">TLS ServerHello (", ">TLS {EncryptedExtensions} (",
                ">TLS {Certificate} (", ">TLS {CertificateVerify} (", ">TLS {Finished} (", ">TLS {Finished} (74 B)<", ">GET /<");
        // Hover: the trace's record of the message (the client's flight, its size) as the arrow's title.
        assertThat(h).containsPattern("<g class=\"msg tls\"><title>[0-9.]+ ms: lb \u2192 laptop: TLS \\{Certificate\\} \\(\\d+ B\\)\n"
                + "tls records on laptop at [0-9.]+ s: dir=received, count=6, bytes=\\d+");
    }

    @Test
    void the_page_is_self_contained_and_the_same_on_every_run() throws Exception {
        String a = report("a.html", "https://www.example.com/", "--repeat", "2");
        String b = report("b.html", "https://www.example.com/", "--repeat", "2");
        assertThat(a).isEqualTo(b);
        assertThat(a).doesNotContain("<script", "<link", " src=\"", " href=\"", "@import", "<img", "<iframe");
        assertThat(a).doesNotContainPattern("url\\((?!#arrow-)"); // only the page's own arrowheads
        assertThat(a).contains("<section class=\"visit\" id=\"visit-2\">", "marker id=\"arrow-1\"", "marker id=\"arrow-2\"");
    }

    @Test
    void a_failed_visit_opens_with_a_red_banner() throws Exception {
        String h = report("f.html", "https://www.example.com/", "--crash", "lb@0s");
        assertThat(h).contains("<div class=\"banner failed\" role=\"alert\">The visit failed: ");
        assertThat(h).containsPattern("<span class=\"failed\" style=\"left:[0-9.]+%;width:[0-9.]+%\" title=\"tcp ");
    }

    @Test
    void encrypted_handshake_records_are_named_in_rfc_8446_order_for_their_flight() {
        String[] full = {"Handshake ServerHello 127 B", "ChangeCipherSpec 6 B", "ApplicationData 37 B", "ApplicationData 817 B",
            "ApplicationData 94 B", "ApplicationData 74 B"};
        assertThat(HopByHop.names(full, false, false)).containsExactly("ServerHello (127 B)", "ChangeCipherSpec (6 B)",
                "{EncryptedExtensions} (37 B)", "{Certificate} (817 B)", "{CertificateVerify} (94 B)", "{Finished} (74 B)");
        String[] resumed = {"Handshake ServerHello 155 B", "ApplicationData 37 B", "ApplicationData 74 B"};
        assertThat(HopByHop.names(resumed, false, false)).containsExactly("ServerHello (155 B)", "{EncryptedExtensions} (37 B)",
                "{Finished} (74 B)");
        assertThat(HopByHop.names(new String[] {"ChangeCipherSpec 6 B", "ApplicationData 74 B"}, true, true))
                .containsExactly("ChangeCipherSpec (6 B)", "{Finished} (74 B)");
        // A flight of a shape RFC 8446 does not fix stays as the wire shows it.
        assertThat(HopByHop.names(new String[] {"ApplicationData 40 B", "ApplicationData 41 B", "ApplicationData 42 B"}, false, false))
                .containsExactly("ApplicationData (40 B)", "ApplicationData (41 B)", "ApplicationData (42 B)");
    }
}
