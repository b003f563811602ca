package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dig's {@code -p}, {@code +bufsize}, {@code +retry} and the record styles {@code +[no]ttlid},
 * {@code +[no]class} and {@code +ttlunits}, as BIND 9.18's dig takes and prints them (checked
 * against the real dig 9.18 asking the live mode's DNS listener, and a UDP listener for the bytes).
 */
class DigOptionsTest {
    @TempDir
    Path dir;

    Runs.Result run(String... commands) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < commands.length; i++) {
            t.append("  - {at: ").append(i + 1).append("s, on: laptop, run: \"").append(commands[i]).append("\"}\n");
        }
        return Runs.runIn(dir, DnsWorlds.scenario(dir, t.toString()));
    }

    static long exit(Runs.Result r) {
        List<TraceEvent> e = r.events(ToolEvents.EXIT);
        return e.get(e.size() - 1).num(ToolEvents.CODE);
    }

    @Test
    void dash_p_asks_the_server_on_that_port_and_names_it() {
        Runs.Result r = run("dig -p 5353 +tries=2 www.example.com");
        assertThat(r.terminal("laptop")).containsExactly(
                ";; communications error to 192.168.1.1#5353: connection refused",
                ";; communications error to 192.168.1.1#5353: connection refused",
                "",
                "; <<>> DiG 9.18.28 <<>> -p 5353 +tries=2 www.example.com",
                ";; global options: +cmd",
                ";; no servers could be reached");
        assertThat(exit(r)).isEqualTo(9);
        Runs.Result ok = run("dig -p53 +noall +stats www.example.com");
        assertThat(ok.terminal("laptop")).anyMatch(l -> l.startsWith(";; SERVER: 192.168.1.1#53(192.168.1.1) (UDP)"));
        // +retry=N is N + 1 tries
        assertThat(run("dig +retry=0 -p 1 www.example.com").terminal("laptop"))
                .filteredOn(l -> l.startsWith(";; communications error")).hasSize(1);
    }

    @Test
    void bad_ports_and_buffer_sizes_in_digs_words() {
        Runs.Result r = run("dig -p 99999 www.example.com");
        assertThat(r.terminal("laptop")).containsExactly("invalid port number '99999': out of range",
                "dig: Couldn't parse port number");
        assertThat(exit(r)).isEqualTo(1);
        assertThat(run("dig -pabc www.example.com").terminal("laptop")).containsExactly(
                "invalid port number 'abc': not a valid number", "dig: Couldn't parse port number");
        Runs.Result b = run("dig +bufsize=70000 www.example.com");
        assertThat(b.terminal("laptop")).containsExactly("invalid buffer size '70000': out of range",
                "dig: Couldn't parse buffer size");
        assertThat(exit(b)).isEqualTo(10);
    }

    @Test
    void bufsize_is_the_udp_payload_size_the_query_offers() {
        // as the real dig sends them: 512 as given, 40000 (over 32767) as the default 1232
        Runs.Result r = run("tcpdump -vv -n -c 2 dst port 53", "dig +bufsize=512 +short www.example.com",
                "dig +bufsize=40000 +short www.example.org");
        List<String> t = r.terminal("laptop");
        assertThat(t).anyMatch(l -> l.contains("A? www.example.com. ar: . OPT UDPsize=512 "));
        assertThat(t).anyMatch(l -> l.contains("A? www.example.org. ar: . OPT UDPsize=1232 "));
    }

    @Test
    void records_without_ttl_or_class_move_the_columns_left() {
        Runs.Result r = run("dig www.example.com +nottlid +noclass +nocmd +nostats",
                "dig www.example.com +noall +answer +noclass",
                "dig www.example.com +nottlid +nocomments +nocmd +nostats");
        List<String> t = r.terminal("laptop");
        assertThat(t).contains(";www.example.com.\tIN A", "www.example.com.\tA\t93.184.216.34",
                ";www.example.com.\tIN\tA", "www.example.com.\tIN\tA\t93.184.216.34");
        assertThat(t).anyMatch(l -> l.matches("www\\.example\\.com\\.\t\\d+\tA\t93\\.184\\.216\\.34"));
    }

    @Test
    void ttlunits_writes_bind_8_units() {
        Runs.Result r = run("dig www.example.com +ttlunits +noall +answer");
        assertThat(r.terminal("laptop")).singleElement().asString().matches("www\\.example\\.com\\.\t(\\d+[hms])+\tIN\tA\t93\\.184\\.216\\.34");
    }

    @Test
    void dnssec_sets_do_and_servers_copy_it_nsid_rides_first_identify_names_the_server() {
        Runs.Result r = run("tcpdump -vv -n -c 1 dst port 53", "dig +nsid +dnssec +short www.example.org",
                "dig www.example.com +dnssec +nocmd +nostats", "dig www.example.com +short +identify",
                "dig www.example.com +identify +noall +answer");
        List<String> t = r.terminal("laptop");
        // the real dig's query, as the real tcpdump prints it: DO, then NSID before the cookie
        assertThat(t).anyMatch(l -> l.contains("A? www.example.org. ar: . OPT UDPsize=1232 DO [NSID,COOKIE "));
        // RFC 3225 3: the DO bit of the query is copied in the response
        assertThat(t).contains("; EDNS: version: 0, flags: do; udp: 1232");
        assertThat(t).anyMatch(l -> l.matches("93\\.184\\.216\\.34 from server 192\\.168\\.1\\.1 in \\d+ ms\\."));
        int rec = t.indexOf(t.stream().filter(l -> l.startsWith(";; Received ")).findFirst().orElseThrow());
        assertThat(t.get(rec)).matches(";; Received \\d+ bytes from 192\\.168\\.1\\.1#53\\(192\\.168\\.1\\.1\\) in \\d+ ms");
        assertThat(t.get(rec - 1)).startsWith("www.example.com.\t");
    }
}
