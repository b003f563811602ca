package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our nslookup and host against BIND 9.18's on the same server bytes (see {@link DigOracleTest}):
 * the real tool asks our server through a loopback socket, ours asks it inside the world, and the
 * outputs must agree once the server's address, the port and the time are masked.
 */
class LookupToolsOracleTest {
    @TempDir
    Path dir;
    String yaml;

    @BeforeEach
    void world() throws Exception {
        yaml = DnsWorlds.scenario(dir, "");
        Files.writeString(dir.resolve("example.com.zone"), DnsWorlds.EXAMPLE_COM + DigOracleTest.COLUMNS);
    }

    List<String> ours(String command) {
        return Runs.runIn(dir, yaml + "  - {at: 1s, on: laptop, run: \"" + command + "\"}\n").terminal("laptop");
    }

    List<String> real(String serverNode, String tool, String portOption, String args) throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml));
        try (LoopbackDns bridge = new LoopbackDns(w, w.node(serverNode), Ip4.parse("192.168.1.10"))) {
            List<String> a = new ArrayList<>();
            a.add(portOption + bridge.port());
            a.addAll(Arrays.asList(args.split(" ")));
            a.add("127.0.0.1");
            return bridge.run(Oracles.require(tool, tool.equals("host") ? "bind9-host" : "bind9-dnsutils"),
                    a.toArray(new String[0])).lines().toList();
        }
    }

    static List<String> masked(List<String> lines) {
        return lines.stream().map(l -> l
                .replaceAll("^Server:\\t\\t.*", "Server:\t\t(server)")
                .replaceAll("^Address:\\t.*#\\d+$", "Address:\t(server)")
                .replaceAll("^Name: (127\\.0\\.0\\.1|[\\d.]+)$", "Name: (server)")
                .replaceAll("^Address: .*#\\d+$", "Address: (server)")
                .replaceAll("^(Received \\d+ bytes from ).*( in )\\d+( ms)$", "$1(server)$2(t)$3")
                .replaceAll("id: \\d+$", "id: (id)")).toList();
    }

    void same(String tool, String server, String serverAddress, String args) throws Exception {
        List<String> real = real(server, tool, tool.equals("host") ? "-p" : "-port=", args);
        List<String> ours = ours(tool + " " + args + " " + serverAddress);
        assertThat(masked(ours)).as("ours:\n%s\nreal:\n%s", String.join("\n", ours), String.join("\n", real))
                .isEqualTo(masked(real));
    }

    @Test
    void nslookup_reads_the_same_for_answers_aliases_and_failures() throws Exception {
        same("nslookup", "ns1", "199.43.135.53", "www.example.com");
        same("nslookup", "ns1", "199.43.135.53", "c1.example.com");
        same("nslookup", "ns1", "199.43.135.53", "nosuch.example.com");
        same("nslookup", "ns1", "199.43.135.53", "example.com");
        same("nslookup", "isp-dns", "100.64.1.53", "shop.example.com");
    }

    @Test
    void nslookup_with_a_type_reads_the_same() throws Exception {
        same("nslookup", "ns1", "199.43.135.53", "-type=MX sixteen-chars-xx.example.com");
        same("nslookup", "ns1", "199.43.135.53", "-type=SOA example.com");
        same("nslookup", "ns1", "199.43.135.53", "-type=TXT text.example.com");
        same("nslookup", "ns1", "199.43.135.53", "-type=NS example.com");
        same("nslookup", "isp-dns", "100.64.1.53", "-type=MX sixteen-chars-xx.example.com");
        same("nslookup", "ns1", "199.43.135.53", "-type=MX www.example.com");
    }

    @Test
    void host_reads_the_same() throws Exception {
        same("host", "ns1", "199.43.135.53", "www.example.com");
        same("host", "ns1", "199.43.135.53", "c1.example.com");
        same("host", "ns1", "199.43.135.53", "nosuch.example.com");
        same("host", "ns1", "199.43.135.53", "-t MX sixteen-chars-xx.example.com");
        same("host", "ns1", "199.43.135.53", "-t MX www.example.com");
        same("host", "ns1", "199.43.135.53", "-t TXT text.example.com");
        same("host", "ns1", "199.43.135.53", "-t SOA example.com");
        same("host", "isp-dns", "100.64.1.53", "shop.example.com");
    }

    @Test
    void host_verbose_reads_the_same() throws Exception {
        same("host", "ns1", "199.43.135.53", "-v www.example.com");
        same("host", "ns1", "199.43.135.53", "-v nosuch.example.com");
    }

    @Test
    void nslookup_options_of_set_read_the_same() throws Exception {
        same("nslookup", "ns1", "199.43.135.53", "-debug www.example.com");
        same("nslookup", "ns1", "199.43.135.53", "-d -type=SOA example.com");
        same("nslookup", "ns1", "199.43.135.53", "-class=CH -type=TXT version.bind");
        same("nslookup", "ns1", "199.43.135.53", "-norecurse -bogus -ty=NS example.com");
    }

    /** Interactive mode: commands on standard input, one lookup after another, as the real one reads a pipe. */
    @Test
    void nslookup_reads_commands_as_its_interactive_mode_does() throws Exception {
        String commands = "set type=mx\nsixteen-chars-xx.example.com\nset type=a\nwww.example.com\nset debug\n"
                + "c1.example.com\nset nodebug\nset bogus\nnosuch.example.com\nhelp\nls example.com\nset all\nexit\n";
        World w = WorldBuilder.build(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml));
        List<String> real;
        try (LoopbackDns bridge = new LoopbackDns(w, w.node("ns1"), Ip4.parse("192.168.1.10"))) {
            real = bridge.runWithInput(commands, Oracles.require("nslookup", "bind9-dnsutils"),
                    "-port=" + bridge.port(), "-", "127.0.0.1").lines().toList();
        }
        StringBuilder timeline = new StringBuilder("  - {at: 1s, on: laptop, run: \"nslookup - 199.43.135.53\"}\n");
        int at = 2;
        for (String c : commands.split("\n")) {
            timeline.append("  - {at: ").append(at++).append("s, on: laptop, input: \"").append(c).append("\"}\n");
        }
        List<String> ours = Runs.runIn(dir, yaml + timeline).terminal("laptop");
        List<String> maskedReal = masked(real).stream().map(l -> l.replaceAll("^(  timeout = 0\t\tretry = 3\tport = )\\d+", "$1(port)")
                .replaceAll("^Default server: .*", "Default server: (server)")).toList();
        List<String> maskedOurs = masked(ours).stream().map(l -> l.replaceAll("^(  timeout = 0\t\tretry = 3\tport = )\\d+", "$1(port)")
                .replaceAll("^Default server: .*", "Default server: (server)")).toList();
        assertThat(maskedOurs).as("ours:\n%s\nreal:\n%s", String.join("\n", ours), String.join("\n", real))
                .isEqualTo(maskedReal);
    }
}
