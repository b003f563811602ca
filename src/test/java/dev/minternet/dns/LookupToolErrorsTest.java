package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dig, nslookup and host refuse bad arguments and report unreachable servers in BIND 9.18's words. */
class LookupToolErrorsTest {
    @TempDir
    Path dir;

    Runs.Result run(String command) {
        return Runs.runIn(dir, DnsWorlds.scenario(dir, "  - {at: 1s, on: laptop, run: \"" + command + "\"}\n"));
    }

    static long exit(Runs.Result r) {
        List<TraceEvent> e = r.events(ToolEvents.EXIT);
        return e.get(e.size() - 1).num(ToolEvents.CODE);
    }

    @Test
    void dig_rejects_an_unknown_option_with_its_usage() {
        Runs.Result r = run("dig -z www.example.com");
        assertThat(r.terminal("laptop")).startsWith("Invalid option: -z",
                "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}");
        assertThat(exit(r)).isEqualTo(1);
        assertThat(run("dig +bogus www.example.com").terminal("laptop")).startsWith("Invalid option: +bogus");
    }

    @Test
    void dig_rejects_a_bad_number_and_a_bad_cookie_in_its_words() {
        Runs.Result r = run("dig +time=abc www.example.com");
        assertThat(r.terminal("laptop")).containsExactly("invalid timeout 'abc': not a valid number",
                "dig: Couldn't parse timeout");
        assertThat(exit(r)).isEqualTo(10);
        assertThat(run("dig +tries=x www.example.com").terminal("laptop")).containsExactly(
                "invalid tries 'x': not a valid number", "dig: Couldn't parse tries");
        assertThat(run("dig +cookie=zz www.example.com").terminal("laptop"))
                .containsExactly("dig: isc_hex_decodestring: bad hex encoding");
        // dig 9.18 reverses whatever -x gets, dot by dot (dighost.c reverse_octets), and judges the name
        assertThat(run("dig -x 1..2").terminal("laptop")).containsExactly("dig: '2..1.in-addr.arpa.' is not a legal name (empty label)");
    }

    @Test
    void dig_ignores_an_unknown_type_with_a_warning() {
        Runs.Result r = run("dig -t BOGUS +short www.example.com");
        assertThat(r.terminal("laptop")).containsExactly(";; Warning, ignoring invalid type BOGUS", "93.184.216.34");
    }

    @Test
    void a_server_with_nothing_on_port_53_refuses_and_dig_says_so() {
        // www (93.184.216.34) runs no DNS server: its UDP port 53 answers ICMP port unreachable
        Runs.Result r = run("dig @93.184.216.34 +tries=2 www.example.com");
        assertThat(r.terminal("laptop")).containsExactly(
                ";; communications error to 93.184.216.34#53: connection refused",
                ";; communications error to 93.184.216.34#53: connection refused",
                "",
                "; <<>> DiG 9.18.28 <<>> @93.184.216.34 +tries=2 www.example.com",
                "; (1 server found)",
                ";; global options: +cmd",
                ";; no servers could be reached");
        assertThat(exit(r)).isEqualTo(9);
    }

    @Test
    void nslookup_reports_an_invalid_option_and_goes_on() {
        Runs.Result r = run("nslookup -bogus www.example.com 199.43.135.53");
        assertThat(r.terminal("laptop")).startsWith("*** Invalid option: bogus", "Server:\t\t199.43.135.53");
        assertThat(r.terminal("laptop")).contains("Name:\twww.example.com", "Address: 93.184.216.34");
        assertThat(run("nslookup -type=BOGUS www.example.com 199.43.135.53").terminal("laptop"))
                .startsWith("unknown query type: BOGUS");
    }

    @Test
    void nslookup_and_host_give_up_on_a_server_that_refuses() {
        Runs.Result r = run("nslookup -retry=1 www.example.com 93.184.216.34");
        assertThat(r.terminal("laptop")).containsExactly(
                ";; communications error to 93.184.216.34#53: connection refused",
                ";; no servers could be reached", "");
        assertThat(exit(r)).isEqualTo(1);
        // host (BIND 9.18.49 on a Debian 12 machine, against 127.0.0.1 with nothing on port 53): at
        // least two tries whatever -R says, and the server is named only with a reply
        Runs.Result h = run("host -R 0 www.example.com 93.184.216.34");
        assertThat(h.terminal("laptop")).containsExactly(
                ";; communications error to 93.184.216.34#53: connection refused",
                ";; communications error to 93.184.216.34#53: connection refused", ";; no servers could be reached");
        assertThat(exit(h)).isEqualTo(1);
        // -W and -R are read as atoi reads them: "abc" is 0, so 1 s and 2 tries
        assertThat(run("host -W abc -R x www.example.com 93.184.216.34").terminal("laptop")).containsExactly(
                ";; communications error to 93.184.216.34#53: connection refused",
                ";; communications error to 93.184.216.34#53: connection refused", ";; no servers could be reached");
    }

    @Test
    void host_rejects_an_unknown_option_and_an_unknown_type() {
        Runs.Result r = run("host -Z www.example.com");
        assertThat(r.terminal("laptop")).startsWith("host: illegal option -- Z",
                "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]");
        assertThat(exit(r)).isEqualTo(1);
        // host.c's fatal(): the format's newline, then fatal's own (a blank line), exit status 2
        Runs.Result t = run("host -t BOGUS www.example.com");
        assertThat(t.terminal("laptop")).containsExactly("host: invalid type: BOGUS", "");
        assertThat(exit(t)).isEqualTo(2);
        Runs.Result c = run("host -c BOGUS www.example.com");
        assertThat(c.terminal("laptop")).containsExactly("host: invalid class: BOGUS", "");
        assertThat(exit(c)).isEqualTo(2);
        assertThat(run("host").terminal("laptop")).startsWith("Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]");
    }

    @Test
    void without_a_server_they_ask_the_nodes_nameserver() {
        Runs.Result r = run("host www.example.com");
        assertThat(r.terminal("laptop")).containsExactly("www.example.com has address 93.184.216.34");
        Runs.Result n = run("nslookup www.example.com");
        assertThat(n.terminal("laptop")).startsWith("Server:\t\t192.168.1.1", "Address:\t192.168.1.1#53", "",
                "Non-authoritative answer:", "Name:\twww.example.com", "Address: 93.184.216.34");
    }
}
