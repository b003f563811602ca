package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Send-Q counts an unacknowledged SYN or FIN as Linux does (write_seq - snd_una): "SYN-SENT 0 1"
 * while a connection waits for its SYN-ACK, "FIN-WAIT-1 0 1" while the FIN waits for its ACK, in
 * ss and in netstat. The real ss and netstat, in a network namespace, show the same on a SYN to
 * nowhere and on a FIN that iptables drops.
 */
class SendQueueOracleTest {
    /** "STATE RECVQ SENDQ" of each row of ss -tan (or netstat -tn) in the given state. */
    static List<String> queues(String out, String state) {
        List<String> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].equals(state)) {
                l.add("ss " + f[0] + " " + f[1] + " " + f[2]);
            } else if (f.length >= 6 && f[0].startsWith("tcp") && f[5].equals(state.replace("-", "_").replace("FIN_WAIT_1", "FIN_WAIT1"))) {
                l.add("netstat " + f[5] + " " + f[1] + " " + f[2]);
            }
        }
        return l;
    }

    @Test
    void simulated_syn_and_fin_count_one_byte_of_send_q() {
        String ours = CliTest.execWithInput("nc -w 3 93.184.216.34 81 &\nss -tan\nnetstat -tn\n"
                + "curl -s -o /dev/null http://www.example.com/\nss -tan\nnetstat -tn\n", "shell").out();
        assertThat(queues(ours, "SYN-SENT")).containsOnly("ss SYN-SENT 0 1", "netstat SYN_SENT 0 1");
        assertThat(queues(ours, "FIN-WAIT-1")).containsOnly("ss FIN-WAIT-1 0 1", "netstat FIN_WAIT1 0 1");
    }

    @Test
    void the_real_ss_and_netstat_count_them_alike() throws Exception {
        Oracles.require("ss", "iproute2");
        Oracles.require("netstat", "net-tools");
        Oracles.require("iptables", "iptables");
        Oracles.require("nc", "netcat-openbsd");
        String script = "ip link set lo up; ip link add v0 type veth peer name v1 || exit 77\n"
                + "ip link set v0 up; ip link set v1 up; ip addr add 10.9.0.1/24 dev v0\n"
                + "timeout 3 nc -w 2 10.9.0.99 80 >/dev/null 2>&1 & sleep 0.5; ss -tan; netstat -tn\n"
                + "timeout 5 nc -l 127.0.0.1 7000 >/dev/null 2>&1 & sleep 0.3\n"
                + "exec 3> >(timeout 5 nc -N 127.0.0.1 7000 >/dev/null 2>&1); sleep 0.3\n"
                + "iptables -A INPUT -p tcp --sport 7000 -j DROP && iptables -A INPUT -p tcp --dport 7000 -j DROP || exit 77\n"
                + "exec 3>&-; sleep 0.5; ss -tan; netstat -tn; kill $(jobs -p) 2>/dev/null; exit 0\n";
        String real = Oracles.inNetworkNamespace(script);
        assertThat(queues(real, "SYN-SENT")).containsOnly("ss SYN-SENT 0 1", "netstat SYN_SENT 0 1");
        assertThat(queues(real, "FIN-WAIT-1")).containsOnly("ss FIN-WAIT-1 0 1", "netstat FIN_WAIT1 0 1");
    }
}
