package dev.minternet.live;

import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.shell.Session;
import dev.minternet.tls.KeyAlgorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A live default world on free loopback ports for one test, and real programs run against it (bounded). */
final class LiveFixture implements AutoCloseable {
    final LiveServer server;
    final List<String> log = new CopyOnWriteArrayList<>();

    LiveFixture(double speed) throws Exception {
        this(DefaultWorld.load(), speed);
    }

    LiveFixture(Scenario s, double speed) throws Exception {
        this(s, speed, KeyAlgorithm.ED25519);
    }

    /** A live world whose certificates have {@code keys} (minternet live mints ECDSA P-256 by default). */
    LiveFixture(Scenario s, double speed, KeyAlgorithm keys) throws Exception {
        World w = WorldBuilder.build(s, keys);
        Session session = new Session(s, w, new PrintWriter(new StringWriter()), null, Session.defaultNode(s), 0);
        server = new LiveServer(session, speed, LiveServer.Ports.FREE, log::add).start();
    }

    /** The port of the listener whose line starts with {@code kind}. */
    int port(String kind) {
        Pattern p = Pattern.compile("^" + kind + " (?:http://)?127\\.0\\.0\\.1:(\\d+)");
        for (String l : server.listeners()) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no " + kind + " listener in " + server.listeners());
    }

    /** Exit status and output (stdout then stderr) of a real program, killed after {@code seconds}. */
    record Result(int code, String out, String err) {
    }

    static Result run(long seconds, String... cmd) throws Exception {
        return run(seconds, Map.of(), cmd);
    }

    /** As {@link #run(long, String...)}, with {@code env} added to the program's environment. */
    static Result run(long seconds, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd)));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s: " + out + err);
        }
        return new Result(p.exitValue(), out, err);
    }

    @Override
    public void close() {
        server.close();
    }
}
