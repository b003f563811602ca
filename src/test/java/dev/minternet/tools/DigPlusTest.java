package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * dig's {@code +options} as BIND 9.18.28's dig.c reads them: the shortest forms its switches
 * allow and no shorter, "no" before any, the deprecated ones' warnings (written without a
 * newline, so they run into the next line), and what the options do on the default world.
 */
class DigPlusTest {
    @Test
    void each_option_takes_the_abbreviations_dig_takes_and_no_others() {
        String[][] cases = {
            {"mu", "multiline"}, {"mul", "multiline"}, {"MULTI", "multiline"}, {"m", null},
            {"sho", null}, {"shor", "short"}, {"shows", "showsearch"}, {"showb", "showbadcookie"},
            {"i", "ignore"}, {"ig", "ignore"}, {"id", null}, {"ide", "identify"}, {"idni", "idnin"}, {"idno", "idnout"},
            {"do", "dnssec"}, {"dom", "domain"}, {"dns", null}, {"dnss", "dnssec"}, {"dns6", "dns64prefix"},
            {"ad", "adflag"}, {"add", "additional"}, {"adf", "adflag"}, {"a", null}, {"aa", "aaflag"},
            {"aaonly", "aaflag"}, {"co", null}, {"com", "comments"}, {"coo", "cookie"}, {"cd", "cdflag"},
            {"t", null}, {"ti", "timeout"}, {"time", "timeout"}, {"tc", null}, {"tcp", "tcp"}, {"tcf", "tcflag"},
            {"tt", null}, {"ttl", "ttlid"}, {"ttli", "ttlid"}, {"ttlu", "ttlunits"},
            {"edns", "edns"}, {"ed", null}, {"ednsf", "ednsflags"}, {"ednsn", "ednsnegotiation"}, {"ednso", "ednsopt"},
            {"p", "padding"}, {"v", "vc"}, {"y", "yaml"}, {"z", "zflag"}, {"q", null}, {"qr", "qr"}, {"qu", "question"},
            {"rec", "recurse"}, {"re", null}, {"ret", "retry"}, {"retries", "retry"}, {"rr", "rrcomments"},
            {"cl", "class"}, {"class", "class"}, {"classy", null}, {"shortx", null}, {"", null},
            {"ns", null}, {"nsi", "nsid"}, {"nss", "nssearch"}, {"keep", null}, {"keepa", "keepalive"},
        };
        for (String[] c : cases) {
            assertThat(DigPlus.canonical(c[0])).as("+" + c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void every_prefix_dig_allows_names_exactly_one_option() {
        for (DigPlus.Opt o : DigPlus.OPTIONS) {
            for (int len = o.min(); len <= o.name().length(); len++) {
                String p = o.name().substring(0, len);
                long n = DigPlus.OPTIONS.stream().filter(x -> x.matches(p)).count();
                assertThat(n).as("+" + p).isEqualTo(1);
            }
        }
    }

    @Test
    void no_turns_an_option_off_and_values_follow_an_equals_sign() {
        DigPlus.Parsed p = DigPlus.parse("nomulti");
        assertThat(p.name()).isEqualTo("multiline");
        assertThat(p.on()).isFalse();
        assertThat(DigPlus.parse("ti=3").value()).isEqualTo("3");
        assertThatThrownBy(() -> DigPlus.parse("nosho")).hasMessage("Invalid option: +nosho");
    }

    @Test
    void the_options_do_what_dig_does_on_the_default_world() {
        CliTest.Outcome o = CliTest.execWithInput("dig CH TXT version.bind +noall +answer +comments\n"
                + "dig +nssearch example.com\n"
                + "dig +search +domain=example.com www +short\n"
                + "dig +dscp=5 www.example.com +short\n"
                + "dig -u www.example.com +noall +stats\n"
                + "dig +yaml www.example.com\necho $?\n"
                + "dig +split=5 www.example.com +short\n"
                + "dig +ndots www.example.com\n", "shell");
        // the home router's dnsmasq answers for itself, with RA as for all its answers
        assertThat(o.out()).contains(";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n")
                .contains("version.bind.\t\t0\tCH\tTXT\t\"dnsmasq-2.89\"\n");
        assertThat(o.out()).contains("SOA ns.icann.org. noc.dns.icann.org. 2026112101 7200 3600 1209600 3600 from server "
                + "199.43.135.53 in ").contains(" from server 199.43.133.53 in ");
        assertThat(o.out()).contains("laptop$ dig +search +domain=example.com www +short\n93.184.216.34\n");
        assertThat(o.out()).contains(";; +dscp option is obsolete and has no effect93.184.216.34\n");
        assertThat(o.out()).containsPattern(";; Query time: \\d{4,} usec\n");
        assertThat(o.out()).contains("dig: +yaml: YAML output is not modelled here\nlaptop$ echo $?\n1\n");
        assertThat(o.out()).contains(";; Warning, split must be a multiple of 4; adjusting to 8\n93.184.216.34\n");
        assertThat(o.out()).contains("Invalid option: +ndots\nUsage:  dig");
    }

    @Test
    void a_bind_resolver_names_itself_and_its_version() {
        CliTest.Outcome o = CliTest.execWithInput("dig @81.2.53.53 hostname.bind CH TXT +short\n"
                + "dig @81.2.53.53 version.bind CH TXT +short\ndig @81.2.53.53 x.bind CH TXT +noall +comments\n", "shell");
        assertThat(o.out()).contains("\"isp-a-resolver\"\n").contains("\"9.18.28\"\n").contains("status: REFUSED");
    }
}
