package dev.minternet.services.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.HttpEvents;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default world's laptop reaches the load balancer over IPv6: the balancer's choice, its
 * X-Forwarded-For to the web server and the web server's idea of the client all name the laptop's
 * IPv6 address (they said 0.0.0.0, the IPv4 field of an IPv6 peer), and over IPv4 its NAT address.
 */
class ForwardedForIpv6Test {
    @Test
    void an_ipv6_client_is_named_by_its_ipv6_address_all_the_way_to_the_backend() {
        Runs.Result r = Runs.run(Runs.defaultWorldWith("""
                timeline:
                  - {at: 1s, on: laptop, run: "curl -s -o /dev/null https://www.example.com/"}
                  - {at: 3s, on: laptop, run: "curl -4 -s -o /dev/null https://www.example.com/"}
                duration: 6s
                """));
        List<TraceEvent> web = r.events(e -> e.is(HttpEvents.SERVER_REQUEST) && e.node().startsWith("web-")
                && !e.get(HttpEvents.TARGET).equals("/health"));
        assertThat(web).extracting(e -> e.get(HttpEvents.CLIENT)).hasSize(2)
                .allMatch(c -> !c.equals("0.0.0.0"))
                .satisfies(c -> {
                    assertThat(c.get(0)).startsWith("2001:db8:81:200:");
                    assertThat(c.get(1)).isEqualTo("81.2.10.2"); // IPv4 leaves the home through its NAT
                });
        // the balancer's choices for the laptop's pages (the CDN shield's fetches on port 8080 aside)
        assertThat(r.events(e -> e.is(LbEvents.CHOOSE) && e.node().equals("lb") && !e.get(LbEvents.CLIENT).startsWith("151.101.")))
                .extracting(e -> e.get(LbEvents.CLIENT)).containsExactly(web.get(0).get(HttpEvents.CLIENT), "81.2.10.2");
    }
}
