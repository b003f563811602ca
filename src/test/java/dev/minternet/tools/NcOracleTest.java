package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.transport.tcp.TcpEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nc's words and its -l -k queue, side by side with netcat-openbsd on this machine (loopback only). */
class NcOracleTest {
    @TempDir
    Path dir;

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }

    @Test
    void succeeded_isWordForWordNetcatOpenbsds() throws Exception {
        String nc = Oracles.require("nc", "netcat-openbsd").toString();
        try (ServerSocket any = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int p = any.getLocalPort();
            assertThat(run(List.of(nc, "-zv", "127.0.0.1", "" + p)))
                    .isEqualTo(Services.ncSucceeded("127.0.0.1", "127.0.0.1", p, "tcp", false));
            assertThat(run(List.of(nc, "-zv4", "localhost", "" + p)))
                    .isEqualTo(Services.ncSucceeded("localhost", "127.0.0.1", p, "tcp", false));
        }
        // a port with a service name (git, 9418), and -n that leaves it out
        ServerSocket named;
        try {
            named = new ServerSocket(9418, 5, InetAddress.getByName("127.0.0.1"));
        } catch (IOException busy) {
            return; // the port is taken on this machine: the names are checked by the tests above and below
        }
        try (named) {
            assertThat(run(List.of(nc, "-zv", "127.0.0.1", "9418")))
                    .isEqualTo(Services.ncSucceeded("127.0.0.1", "127.0.0.1", 9418, "tcp", false))
                    .endsWith("[tcp/git] succeeded!");
            assertThat(run(List.of(nc, "-zvn", "127.0.0.1", "9418")))
                    .isEqualTo(Services.ncSucceeded("127.0.0.1", "127.0.0.1", 9418, "tcp", true));
        }
    }

    @Test
    void inTheSimulation_aNameShowsItsAddress_andWellKnownPortsTheirNames() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "", """
                  - {at: 0s, on: b, run: "nc -l -k 80"}
                  - {at: 1s, on: a, run: "nc -zv b 80"}
                  - {at: 2s, on: a, run: "nc -zv 10.0.1.2 80"}
                  - {at: 3s, on: a, run: "nc -zvn b 80"}
                """));
        assertThat(r.terminal("a")).containsExactly("Connection to b (10.0.1.2) 80 port [tcp/http] succeeded!",
                "Connection to 10.0.1.2 80 port [tcp/http] succeeded!", "Connection to b (10.0.1.2) 80 port [tcp/*] succeeded!");
    }

    /**
     * The real nc -l -k: a second client connects while the first is still sending; the second's
     * bytes wait in the kernel and come out once the first connection ends.
     */
    static List<String> realKeepOpen(String nc) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        Path out = Files.createTempFile("nc-k", ".txt");
        Process server = new ProcessBuilder(nc, "-l", "-k", "127.0.0.1", "" + port).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try {
            Socket first = null;
            for (int i = 0; i < 50 && first == null; i++) {
                try {
                    first = new Socket("127.0.0.1", port);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(first).isNotNull();
            OutputStream o1 = first.getOutputStream();
            o1.write("first 1\n".getBytes(StandardCharsets.US_ASCII));
            o1.flush();
            try (Socket second = new Socket("127.0.0.1", port)) {
                second.getOutputStream().write("second\n".getBytes(StandardCharsets.US_ASCII));
                second.shutdownOutput();
                Thread.sleep(300);
                o1.write("first 2\n".getBytes(StandardCharsets.US_ASCII));
                o1.flush();
                first.shutdownOutput();
                Thread.sleep(300);
                first.close();
                Thread.sleep(500);
            }
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
        return Files.readAllLines(out);
    }

    @Test
    void listenKeepOpen_servesTheNextConnection_whenTheFirstEnds_asTheRealNcDoes() throws Exception {
        List<String> real = realKeepOpen(Oracles.require("nc", "netcat-openbsd").toString());
        assertThat(real).containsExactly("first 1", "first 2", "second");

        // the same sequence in the simulation: the first client's file crosses a 1 Mbit/s link for
        // about a second; the second client connects 100 ms in
        StringBuilder text = new StringBuilder("first 1\n");
        for (int i = 0; i < 100; i++) {
            text.append("x".repeat(999)).append('\n');
        }
        text.append("first 2\n");
        List<String> sim = new ArrayList<>();
        try {
            Files.writeString(dir.resolve("first.txt"), text);
            Runs.Result r = Runs.runIn(dir, Runs.chain(1, "bandwidth: 1Mbps, delay: 5ms", "duration: 10s\n", """
                      - {at: 0s, on: b, run: "nc -l -k -v 7000"}
                      - {at: 1s, on: a, run: "nc -f first.txt b 7000"}
                      - {at: 1.1s, on: a, run: "nc -m second b 7000"}
                    """));
            sim = r.terminal("b").stream().filter(l -> !l.startsWith("xxx")).toList();
            // no connection was reset: the second waits in the accept queue instead
            assertThat(r.events(TcpEvents.SEND).stream().filter(e -> e.get(TcpEvents.FLAGS).contains("RST"))).isEmpty();
        } finally {
            Files.deleteIfExists(dir.resolve("first.txt"));
        }
        assertThat(sim).hasSize(8);
        assertThat(sim.get(0)).isEqualTo("Listening on 0.0.0.0 7000");
        assertThat(sim.get(1)).startsWith("Connection received on 10.0.0.1 ");
        assertThat(List.of(sim.get(2), sim.get(3))).containsExactly(real.get(0), real.get(1));
        assertThat(sim.get(4)).startsWith("received ");
        assertThat(sim.get(5)).startsWith("Connection received on 10.0.0.1 ");
        assertThat(sim.get(6)).isEqualTo(real.get(2));
        assertThat(sim.get(7)).startsWith("received 7 bytes in ");
    }
}
