package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in default internet resolves www.example.com the way the real one does. */
class DefaultWorldDnsTest {
    @Test
    void the_laptop_resolves_www_example_com_through_the_whole_chain() {
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n") + """
                timeline:
                  - {at: 1s, on: laptop, run: "nc -4 -zv www.example.com 443"}
                """;
        Runs.Result r = Runs.run(yaml);
        // nc -4 asks A alone (getaddrinfo with AF_INET): one question, one chain
        List<String> chain = r.events(DnsEvents.QUERY).stream()
                .map(e -> e.node() + " -> " + (e.get(DnsEvents.SERVER_NAME).isEmpty() ? e.get(DnsEvents.SERVER) : e.get(DnsEvents.SERVER_NAME))
                        + " " + e.get(DnsEvents.QNAME))
                .toList();
        // example.com's servers are in iana-servers.net: com's delegation has no glue for them,
        // so the resolver looks a.iana-servers.net up (root, then net, then iana-servers.net itself:
        // net's glue gets it there, but glue is not an answer) before asking it.
        assertThat(chain).hasSize(8);
        assertThat(chain.subList(0, 2)).containsExactly("laptop -> 192.168.1.1 www.example.com",
                "home-router -> 81.2.53.53 www.example.com");
        assertThat(chain.get(2)).matches("isp-a-resolver -> [a-m]\\.root-servers\\.net www\\.example\\.com");
        assertThat(chain.get(3)).isEqualTo("isp-a-resolver -> a.gtld-servers.net www.example.com");
        assertThat(chain.get(4)).matches("isp-a-resolver -> [a-m]\\.root-servers\\.net a\\.iana-servers\\.net");
        assertThat(chain.get(5)).isEqualTo("isp-a-resolver -> a.gtld-servers.net a.iana-servers.net");
        assertThat(chain.get(6)).isEqualTo("isp-a-resolver -> a.iana-servers.net a.iana-servers.net");
        assertThat(chain.get(7)).isEqualTo("isp-a-resolver -> a.iana-servers.net www.example.com");
        assertThat(r.terminal("laptop")).containsExactly("Connection to www.example.com (93.184.216.34) 443 port [tcp/https] succeeded!");
    }
}
