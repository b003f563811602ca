package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.redis.RedisServer;
import dev.minternet.services.redis.Resp;
import dev.minternet.services.redis.RespReader;
import dev.minternet.sim.Simulator;
import dev.minternet.testing.Oracles;
import dev.minternet.transport.StreamPipe;
import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real redis-cli (Debian's redis-tools) as the judge of our server's bytes and of our
 * redis-cli's printing: each reply our simulated server sends is replayed to the real redis-cli
 * through a loopback socket, and what it prints must equal what {@link RedisCliFormat} prints
 * for the same reply, on a terminal ({@code --no-raw}), raw ({@code --raw}) and over RESP3
 * ({@code -3}). A reply the real client cannot parse fails the test too.
 */
class RedisCliOracleTest {
    final Simulator sim = new Simulator(1);
    final RedisServer server = new RedisServer(sim, null, RedisServer.Config.of("redis"), Instant.parse("2026-11-21T09:00:00Z"));

    /** A connection to our server; {@link #send} returns the bytes of the replies to one command. */
    final class Conn {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final StreamSocket socket;

        Conn() {
            StreamPipe p = StreamPipe.create(sim, StreamPipe.Config.DEFAULT);
            socket = p.client();
            socket.setHandler((s, data) -> in.writeBytes(data));
            server.accept(p.server());
        }

        byte[] send(List<String> words) {
            int from = in.size();
            socket.send(Resp.command(words));
            sim.run();
            byte[] all = in.toByteArray();
            return Arrays.copyOfRange(all, from, all.length);
        }
    }

    static final List<List<String>> SETUP = List.of(
            List.of("SET", "user:1", "alice"), List.of("HSET", "cart:1", "sku", "42", "qty", "3"),
            List.of("LPUSH", "queue", "a", "b", "c"), List.of("SADD", "tags", "x"), List.of("SET", "odd", "a\"b\\c\t\u0001é"),
            List.of("RPUSH", "long", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));

    static final List<List<String>> CASES = List.of(
            List.of("GET", "user:1"), List.of("GET", "nosuchkey"), List.of("INCR", "counter"), List.of("TTL", "user:1"),
            List.of("HGETALL", "cart:1"), List.of("HGETALL", "nope"), List.of("LRANGE", "queue", "0", "-1"),
            List.of("LRANGE", "long", "0", "-1"), List.of("SMEMBERS", "tags"), List.of("SMEMBERS", "nope"),
            List.of("FOO", "bar"), List.of("LPUSH", "user:1", "x"), List.of("GET"), List.of("PING"), List.of("SET", "k", "v"),
            List.of("GET", "odd"), List.of("LPOP", "nolist", "2"), List.of("HELLO", "3"), List.of("INFO", "keyspace"),
            List.of("MGET", "user:1", "nosuchkey", "cart:1"), List.of("HKEYS", "cart:1"), List.of("HVALS", "nope"),
            List.of("STRLEN", "cart:1"));

    @Test
    void the_real_redis_cli_prints_our_replies_as_our_redis_cli_does() throws Exception {
        Oracles.require("redis-cli", "redis-tools");
        Conn setup = new Conn();
        for (List<String> c : SETUP) {
            setup.send(c);
        }
        int checked = 0;
        for (int proto : new int[] {2, 3}) {
            for (String mode : new String[] {"--no-raw", "--raw", "--csv"}) {
                for (List<String> cmd : CASES) {
                    Conn c = new Conn();
                    byte[] hello = proto == 3 ? c.send(List.of("HELLO", "3")) : new byte[0];
                    byte[] reply = c.send(cmd);
                    RespReader r = new RespReader();
                    r.feed(reply);
                    Resp parsed = r.nextReply();
                    String ours = cmd.get(0).equals("INFO") ? RedisCliFormat.rawValue(parsed)
                            : mode.equals("--raw") ? RedisCliFormat.raw(parsed)
                            : mode.equals("--csv") ? RedisCliFormat.csv(parsed) + "\n" : RedisCliFormat.tty(parsed);
                    List<String> argv = new ArrayList<>(List.of(mode));
                    if (proto == 3) {
                        argv.add("-3");
                    }
                    argv.addAll(cmd);
                    String theirs = realCli(concat(hello, reply), argv);
                    assertThat(theirs).as("redis-cli %s", argv).isEqualTo(ours);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(6 * CASES.size());
    }

    /**
     * Command lines the real redis-cli answers without connecting: the version, the help (also
     * -h as the last word), options it does not know or that lack their argument, -2 with -3, a
     * URI that is not redis://. Ours prints the same and exits with the same status.
     */
    @Test
    void command_lines_refused_or_answered_offline_as_the_real_redis_cli_does() throws Exception {
        for (String line : List.of("--version", "-v", "--help", "-h", "-p 6379 -h", "--frobnicate PING", "-p", "-n",
                "-2 -3 PING", "-u http://x PING", "-u")) {
            List<String> args = List.of(line.split(" "));
            RecordingTerminal term = new RecordingTerminal();
            new RedisCli().start(null, args, term);
            List<String> cmd = new ArrayList<>(List.of(Oracles.require("redis-cli", "redis-tools").toString()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(String.join("\n", term.out) + "\n").as("redis-cli " + line).isEqualTo(real);
            assertThat(term.code).as("status of redis-cli " + line).isEqualTo(p.exitValue());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Runs redis-cli against a loopback socket that answers with {@code replies}; returns its standard output. */
    private static String realCli(byte[] replies, List<String> argv) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(20_000);
            List<String> cmd = new ArrayList<>(List.of(Oracles.require("redis-cli", "redis-tools").toString(),
                    "-h", "127.0.0.1", "-p", Integer.toString(ss.getLocalPort())));
            cmd.addAll(argv);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            Thread peer = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    in.read(new byte[4096]); // the first request (HELLO 3 or the command)
                    out.write(replies);
                    out.flush();
                    while (in.read(new byte[4096]) >= 0) {
                        // drain until redis-cli closes
                    }
                } catch (IOException e) {
                    // redis-cli went away
                }
            });
            peer.start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli did not finish: " + argv);
            }
            peer.join(20_000);
            return stdout;
        }
    }
}
