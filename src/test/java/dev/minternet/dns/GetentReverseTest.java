package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code getent hosts ADDRESS} as glibc 2.36's gethostbyaddr answers it with "hosts: files dns":
 * the hosts file first, then a PTR query under in-addr.arpa, the first PTR's target printed as
 * print_hosts does ({@code "%-15s %s"}, no aliases), status 2 when neither knows the address (as
 * for a name, GetentOracleTest); {@code getent ahosts ADDRESS} asks no PTR (getaddrinfo takes a
 * numeric host as it is).
 */
class GetentReverseTest {
    @TempDir
    Path dir;

    @Test
    void an_address_missing_from_the_hosts_file_is_looked_up_as_a_ptr_record() throws Exception {
        Files.writeString(dir.resolve("rev.zone"), """
                $ORIGIN 216.184.93.in-addr.arpa.
                @ 3600 IN SOA ns1.example.com. h.example.com. 1 7200 3600 1209600 300
                @ 3600 IN NS ns1.example.com.
                34 3600 IN PTR www.example.com.
                50 3600 IN PTR mail.example.com.
                50 3600 IN PTR smtp.example.com.
                """);
        String yaml = DnsWorlds.scenario(dir, """
                  - {at: 1s, on: laptop, run: "getent hosts 93.184.216.50 93.184.216.34"}
                  - {at: 3s, on: laptop, run: "getent hosts 93.184.216.99 127.0.0.1"}
                  - {at: 5s, on: laptop, run: "getent ahosts 93.184.216.34"}
                """)
                .replace("    - {name: org, servers: [org-tld]}\n", "    - {name: org, servers: [org-tld]}\n"
                        + "    - {name: arpa, servers: [org-tld]}\n"
                        + "    - {name: 216.184.93.in-addr.arpa, file: " + dir.resolve("rev.zone") + ", servers: [ns1]}\n");
        Runs.Result r = Runs.runIn(dir, yaml);
        assertThat(r.terminal("laptop")).containsExactly(
                // not in the hosts file: the first PTR; the node www is in it: no query
                "93.184.216.50   mail.example.com", "93.184.216.34   www",
                // no PTR for .99 (NXDOMAIN): not found, and the status is 2 though 127.0.0.1 is in the file
                "127.0.0.1       localhost",
                "93.184.216.34   STREAM 93.184.216.34", "93.184.216.34   DGRAM  ", "93.184.216.34   RAW    ");
        assertThat(r.events(dev.minternet.tools.ToolEvents.EXIT)).extracting(e -> e.num(dev.minternet.tools.ToolEvents.CODE))
                .containsExactly(0L, 2L, 0L);
        // the laptop's resolver was asked for the two PTRs only (ahosts asked nothing)
        assertThat(r.events(DnsEvents.LOOKUP)).extracting(e -> e.get(DnsEvents.QTYPE) + " " + e.get(DnsEvents.QNAME))
                .containsExactly("PTR 50.216.184.93.in-addr.arpa", "PTR 99.216.184.93.in-addr.arpa");
    }
}
