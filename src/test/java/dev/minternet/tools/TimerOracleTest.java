package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ss -o and netstat -o (with -e's user and inode): the pending timer of each socket as Linux
 * reports it, {@code timer:(on,996ms,0)} and {@code on (0.99/0/0)} while a SYN or a FIN waits to
 * be retransmitted, {@code timer:(timewait,59sec,0)} and {@code timewait (59.03/0/0)} in
 * TIME-WAIT, nothing and {@code off (0.00/0/0)} without one. The real ss and netstat, in a
 * network namespace, show the same shapes on a SYN to nowhere, a FIN iptables drops and a
 * connection closed first.
 */
class TimerOracleTest {
    /** The headers, and "STATE TIMER" of each socket row, the times and counts made N. */
    static List<String> shapes(String out) {
        List<String> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("State ") || line.startsWith("Proto ")) {
                l.add(line.replaceAll(" +$", ""));
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int t = line.indexOf(" timer:(");
            if (f.length >= 5 && f[0].matches("[A-Z][A-Z0-9-]+") && t >= 0) {
                l.add("ss " + f[0] + line.substring(t).trim().replaceAll("[0-9]+(ms|sec|min)", "T").replaceAll(",[0-9]+\\)", ",N)"));
            } else if (f.length >= 7 && f[0].startsWith("tcp")) {
                l.add("netstat " + String.join(" ", List.of(f).subList(5, f.length)).replaceAll("[0-9]+\\.[0-9]{2}/[0-9]+/", "T/N/")
                        .replaceAll(" [0-9]+ [0-9]+ ", " U I "));
            }
        }
        return l;
    }

    static final List<String> EXPECTED = List.of(
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      Timer",
            "ss SYN-SENTtimer:(on,T,N)", "ss FIN-WAIT-1timer:(on,T,N)", "ss TIME-WAITtimer:(timewait,T,N)",
            "netstat LISTEN U I off (T/N/0)", "netstat SYN_SENT U I on (T/N/0)", "netstat FIN_WAIT1 U I on (T/N/0)",
            "netstat TIME_WAIT U I timewait (T/N/0)");

    @Test
    void simulated_timers_show_as_linux_shows_them() {
        String ours = CliTest.execWithInput("nc -l 7000 &\nnc -w 3 93.184.216.34 81 &\ncurl -s -o /dev/null http://www.example.com/\n"
                + "ss -tano\nnetstat -tanoe\nsleep 1\nss -tano\nnetstat -tanoe\n", "shell").out();
        List<String> s = shapes(ours);
        assertThat(s).containsAll(EXPECTED);
        // the SYN's second try (after 1 s, then 2 s): iproute2 6.1's print_ms_timer writes 1.823 s as "1.823ms"
        assertThat(ours).contains("   timer:(on,823ms,0)", "   timer:(on,1.823ms,1)", "   timer:(on,199ms,0)", "   timer:(timewait,59sec,0)",
                "SYN_SENT    0          2          on (0.82/0/0)", "LISTEN      0          1          off (0.00/0/0)",
                "TIME_WAIT   0          0          timewait (59.");
    }

    @Test
    void netstat_e_names_the_user_unless_numeric_and_numbers_every_socket() {
        // the real netstat -tuae in a namespace: "LISTEN      root       1342194   ", "udp ...  root       1342646   "
        String ours = CliTest.execWithInput("nc -l 7000 &\nnc -u -l 9998 &\nnetstat -tuae\nnetstat -uaeo\n", "shell").out();
        assertThat(ours).contains("Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode     \n",
                "LISTEN      root       1         \n", "0.0.0.0:*                           root       2         \n",
                "0.0.0.0:*                           root       2          off (0.00/0/0)\n");
    }

    @Test
    void the_real_ss_and_netstat_show_them_alike() throws Exception {
        Oracles.require("ss", "iproute2");
        Oracles.require("netstat", "net-tools");
        Oracles.require("iptables", "iptables");
        Oracles.require("nc", "netcat-openbsd");
        String script = "ip link set lo up; ip link add v0 type veth peer name v1 || exit 77\n"
                + "ip link set v0 up; ip link set v1 up; ip addr add 10.9.0.1/24 dev v0\n"
                + "timeout 3 nc -w 2 10.9.0.99 80 >/dev/null 2>&1 & sleep 0.3\n"
                + "timeout 5 nc -l 127.0.0.1 7001 >/dev/null 2>&1 & sleep 0.3\n"
                + "echo hi | timeout 5 nc -N 127.0.0.1 7001 >/dev/null 2>&1; sleep 0.2\n"
                + "timeout 5 nc -l 127.0.0.1 7000 >/dev/null 2>&1 & sleep 0.3\n"
                + "exec 3> >(timeout 5 nc -N 127.0.0.1 7000 >/dev/null 2>&1); sleep 0.3\n"
                + "iptables -A INPUT -p tcp --sport 7000 -j DROP && iptables -A INPUT -p tcp --dport 7000 -j DROP || exit 77\n"
                + "exec 3>&-; sleep 0.3; ss -tano; netstat -tanoe; kill $(jobs -p) 2>/dev/null; exit 0\n";
        String real = Oracles.inNetworkNamespace(script);
        assertThat(shapes(real)).as(real).containsAll(EXPECTED);
        assertThat(real).contains(" off (0.00/0/0)");
    }
}
