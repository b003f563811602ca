package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * Lines the real tools answer without doing anything, as they print them (iproute2 6.1, tcpdump
 * 4.99 with libpcap 1.10, BIND 9.18's nslookup, each run on Debian 12): {@code ip route get} and
 * {@code ip -6 route get} without an address, {@code tcpdump -i} with a device that does not exist
 * (pcap_activate's error, then its text again in parentheses), {@code nslookup -version}.
 */
class MissingOperandTest {
    @Test
    void each_as_the_real_tool_answers_it() {
        String out = CliTest.execWithInput("ip route get\necho rc=$?\nip -6 route get\necho rc=$?\n"
                + "tcpdump -i nosuch -c 1\necho rc=$?\nnslookup -version\necho rc=$?\n", "shell").out();
        assertThat(out).isEqualTo("""
                laptop$ ip route get
                need at least a destination address
                laptop$ echo rc=$?
                rc=1
                laptop$ ip -6 route get
                need at least a destination address
                laptop$ echo rc=$?
                rc=1
                laptop$ tcpdump -i nosuch -c 1
                tcpdump: nosuch: No such device exists
                (No such device exists)
                laptop$ echo rc=$?
                rc=1
                laptop$ nslookup -version
                nslookup 9.18.28
                laptop$ echo rc=$?
                rc=0
                """);
    }
}
