package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.services.httpcache.HttpCacheEvents;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The default world's CDN: static.example.com is a CNAME to cdn-dns's name, which steers to the
 * nearest edge (edge-ixp for the laptop's resolver, edge-transit for a client subnet near transit-2);
 * the visit tells the CNAME chase, the edge and why, MISS then (a visit later) HIT, and the time
 * against the origin from the same visit's measured round trips; PURGE makes the next request a MISS.
 */
class DefaultWorldCdnTest {
    private static final String W = "-o /dev/null -w '%{http_code} %{header{x-cache}} age=%{header{age}} %{header{x-served-by}}\\\\n'";

    @Test
    void the_visit_tells_the_cname_chase_the_edge_and_why_miss_then_hit_and_the_time_against_the_origin() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--gap", "61s");
        assertThat(o.code()).as(o.err()).isZero();
        String out = o.out();
        String[] visits = out.split("Visit 2: ");
        String v1 = visits[0];
        String v2 = visits[1];
        // the HTML and /api from the origin through the load balancer, the assets from the CDN
        assertThat(v1).contains("GET / -> 200 over h2", "GET /api/users -> 200", "GET https://static.example.com/css/site.css -> 200");
        assertThat(v1).contains("DNS: static.example.com -> 151.101.1.10 and 2001:db8:151::10 (edge-ixp), by a CNAME to static.cdn.example.net",
                "isp-a-resolver (resolver) asks ns.cdn.example.net (151.101.53.53): static.cdn.example.net A? -> NOERROR answer",
                "cdn-dns steers static.cdn.example.net to edge-ixp, the edge nearest the resolver isp-a-resolver (81.2.53.53) that asked: "
                        + "the query carried no client subnet (1.700 ms one way)");
        // resolver -> edge-ixp one way: resolver link 0.2 + ixp-port 1 + edge-ixp-link 0.5 = 1.7 ms (above)
        assertThat(v1).contains("/css/site.css: X-Cache MISS at edge-ixp (cdn-shield MISS, then the origin: lb -> web-");
        // round trips: laptop -> edge-ixp 2 + 8 + 2 + 1 + 0.5 = 13.5 ms one way, 27 ms; to lb 2 + 8 + 2 + 1 + 6 + 0.5 + 0.1 x 3
        // = 19.8 ms, 39.6 ms (plus serialization): 12.6 ms saved per round trip
        Matcher rt = Pattern.compile("round trip to \\[2001:db8:151::10\\]:443 (\\d+\\.\\d+) ms against (\\d+\\.\\d+) ms to the origin lb: "
                + "(\\d+\\.\\d+) ms saved per round trip").matcher(v1);
        assertThat(rt.find()).as(v1).isTrue();
        double edge = Double.parseDouble(rt.group(1));
        double origin = Double.parseDouble(rt.group(2));
        assertThat(edge).isBetween(27.0, 27.1);
        // both over IPv6 (Happy Eyeballs); the origin's first handshake also waited 4 ms for the home router's
        // neighbour discovery of the laptop's address, the edge's (later) did not
        assertThat(origin).isBetween(43.6, 43.7);
        assertThat(Double.parseDouble(rt.group(3))).isCloseTo(origin - edge, org.assertj.core.data.Offset.offset(0.0011));
        assertThat(v1).contains("4 MISSes at edge-ixp took");
        // visit 2, 61 s later: the browser's copies are stale (max-age=60), the edge's are not (ttl 1h): HITs, Age 61
        assertThat(v2).contains("/css/site.css: X-Cache HIT, Age 61 s at edge-ixp", "/img/hero.png: X-Cache HIT, Age 61 s at edge-ixp");
        Matcher hit = Pattern.compile("4 HITs at edge-ixp took (\\d+\\.\\d+) ms on average against (\\d+\\.\\d+) ms for the page from the origin: "
                + "(\\d+\\.\\d+) ms saved per request").matcher(v2);
        assertThat(hit.find()).as(v2).isTrue();
        double h = Double.parseDouble(hit.group(1));
        double page = Double.parseDouble(hit.group(2));
        // a HIT is one round trip to the edge on the kept connection (27 ms); the page one to the origin (39.6 ms) and the web server
        assertThat(h).isBetween(27.0, 27.2);
        assertThat(page).isBetween(39.6, 41.0);
        assertThat(Double.parseDouble(hit.group(3))).isCloseTo(page - h, org.assertj.core.data.Offset.offset(0.0011));
    }

    @Test
    void purge_at_the_edge_makes_the_next_request_a_miss_there_while_the_shield_still_holds_it() {
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n") + """
                timeline:
                  - {at: 1s, on: laptop, run: "curl -s %1$s https://static.example.com/js/app.js"}
                  - {at: 3s, on: laptop, run: "curl -s %1$s https://static.example.com/js/app.js"}
                  - {at: 5s, on: laptop, run: "curl -s -X PURGE https://static.example.com/js/app.js"}
                  - {at: 7s, on: laptop, run: "curl -s %1$s https://static.example.com/js/app.js"}
                  - {at: 9s, on: laptop, run: "dig @151.101.53.53 static.cdn.example.net +subnet=199.43.133.0/24 +short"}
                  - {at: 11s, on: laptop, run: "dig @151.101.53.53 static.cdn.example.net +subnet=81.2.10.0/24 +short"}
                """.formatted(W);
        Runs.Result r = Runs.run(yaml);
        List<String> t = r.terminal("laptop");
        assertThat(t).contains("200 MISS age= edge-ixp");
        assertThat(t).anyMatch(l -> l.matches("200 HIT age=[12] edge-ixp"));
        assertThat(t).contains("{\"status\":\"ok\",\"purged\":1}");
        // after the purge: a MISS at the edge, answered from the shield's copy, whose Age (stored at about 1.2 s, asked
        // at about 7.05 s: 5.85 s, RFC 9111 4.2.3 rounds up with the response delay) the edge passes on
        assertThat(t).containsSubsequence("{\"status\":\"ok\",\"purged\":1}", "200 MISS age=6 edge-ixp");
        // the shield: MISS for the first request, HIT for the one after the purge (the origin is asked once)
        List<String> shield = r.events(HttpCacheEvents.LOOKUP).stream().filter(e -> e.node().equals("cdn-shield"))
                .map(e -> e.get(HttpCacheEvents.RESULT)).toList();
        assertThat(shield).containsExactly("MISS", "HIT");
        // a client subnet next to transit-2 (ns-b-iana's) is steered to edge-transit; ISP A's to edge-ixp
        assertThat(t).containsSubsequence("151.101.2.10", "151.101.1.10");
        List<TraceEvent> steer = r.events(DnsEvents.STEER);
        assertThat(steer).extracting(e -> e.get(DnsEvents.LOCATION) + " " + e.get(DnsEvents.EDGE))
                .contains("ecs 199.43.133.0/24 edge-transit", "ecs 81.2.10.0/24 edge-ixp");
    }
}
