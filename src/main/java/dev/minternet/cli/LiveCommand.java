package dev.minternet.cli;

import dev.minternet.live.LiveServer;
import dev.minternet.shell.Session;
import dev.minternet.tls.KeyAlgorithm;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** minternet live: the world paced to the wall clock, a web view of it, and real clients inside it. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Runs the default world (or a scenario's) with simulated time paced to the wall clock and serves, "
                + "on 127.0.0.1 only: a web view of the running world (topology, packets crossing links, their headers; "
                + "pause, step, resume, speed), a DNS listener (UDP and TCP) whose queries leave the node's resolver "
                + "inside the world, and an HTTP proxy (plain HTTP and CONNECT) whose connections open from that node. "
                + "Prints its listeners one a line, then runs until Ctrl-C or --duration. Not deterministic: real "
                + "clients' bytes enter the world when they arrive.",
                "Example: dig @127.0.0.1 -p PORT www.example.com; "
                        + "curl -x http://127.0.0.1:PORT --cacert ca.pem https://www.example.com/"})
public final class LiveCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "A scenario file (same as --world).")
    Path scenario;

    @Option(names = "--node", paramLabel = "NODE", description = "The node real clients' queries and connections leave "
            + "from (default: laptop, else the first host).")
    String node;

    @Option(names = "--speed", paramLabel = "X", converter = Checks.Speed.class, description = "Simulated seconds per "
            + "wall second: 1 (real time, the default), 10, 0.5.")
    Double speed;

    int port;
    int dnsPort;
    int proxyPort;
    int socksPort;

    @Option(names = "--port", paramLabel = "P", description = "The web view's port (default: a free one).")
    void setPort(int p) {
        port = (int) Checks.range(spec, "--port", p, 0, 65535);
    }

    @Option(names = "--dns-port", paramLabel = "P", description = "The DNS listener's port, UDP and TCP (default: a free one).")
    void setDnsPort(int p) {
        dnsPort = (int) Checks.range(spec, "--dns-port", p, 0, 65535);
    }

    @Option(names = "--proxy-port", paramLabel = "P", description = "The HTTP proxy's port (default: a free one).")
    void setProxyPort(int p) {
        proxyPort = (int) Checks.range(spec, "--proxy-port", p, 0, 65535);
    }

    @Option(names = "--socks-port", paramLabel = "P", description = "The SOCKS5 proxy's port (default: a free one).")
    void setSocksPort(int p) {
        socksPort = (int) Checks.range(spec, "--socks-port", p, 0, 65535);
    }

    @Option(names = "--duration", paramLabel = "D", converter = Checks.Duration.class, description = "Stop after D of wall "
            + "time (30s, 5m; default: until Ctrl-C).")
    Long durationNs;

    @Option(names = "--ca", paramLabel = "FILE", description = "Write the world's root certificate (PEM) to FILE, for "
            + "real clients to trust (also served at /ca.pem).")
    Path ca;

    @Option(names = "--keys", paramLabel = "ALG", converter = Checks.Keys.class, description = "The world's certificate "
            + "keys: ecdsa-p256 (the default here: browsers do not accept Ed25519 certificates) or ed25519 (what run, "
            + "visit and shell mint).")
    KeyAlgorithm keys = KeyAlgorithm.ECDSA_P256;

    @Mixin
    WorldSession worldSession;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (speed != null && speed == 0) {
            throw CliError.usage("--speed: live mode needs a factor (max is for shell and exec)");
        }
        Outputs.file("--ca", ca);
        PrintStream stdout = System.out;
        PrintWriter quiet = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try (WorldSession ws = worldSession) {
            ws.keys = keys;
            Session s = ws.open(scenario, quiet, node, 0);
            LiveServer opened;
            try {
                opened = new LiveServer(s, speed != null ? speed : 1, new LiveServer.Ports(port, dnsPort, proxyPort, socksPort),
                        line -> System.err.println("minternet live: " + line));
            } catch (BindException e) {
                throw CliError.runtime("cannot listen on 127.0.0.1 (--port " + port + ", --dns-port " + dnsPort
                        + ", --proxy-port " + proxyPort + ", --socks-port " + socksPort + "): " + e.getMessage());
            }
            try (LiveServer server = opened) {
                if (ca != null) {
                    Files.writeString(ca, server.caPem());
                }
                server.start();
                server.warmJit();
                for (String l : server.listeners()) {
                    stdout.println(l);
                }
                stdout.flush();
                Object done = new Object();
                try (CtrlC c = CtrlC.on(() -> {
                    synchronized (done) {
                        done.notifyAll();
                    }
                })) {
                    long end = durationNs == null ? Long.MAX_VALUE : System.nanoTime() + durationNs;
                    synchronized (done) {
                        while (!c.pressed() && System.nanoTime() < end && server.live().failure() == null) {
                            done.wait(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000L)));
                        }
                    }
                    if (server.live().failure() != null) {
                        throw new IllegalStateException("the simulation stopped: " + server.live().failure(), server.live().failure());
                    }
                    return c.pressed() ? 130 : 0;
                }
            }
        }
    }
}
