package dev.minternet.services.redis;

import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamPipe;
import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A Redis server and raw client connections over in-memory pipes (1 ms each way), for tests. */
final class RedisHarness {
    static final long MS = 1_000_000L;
    static final Instant EPOCH = Instant.parse("2026-11-21T09:00:00Z");

    final Simulator sim = new Simulator(7);
    final RedisServer server;

    RedisHarness() {
        this(RedisServer.Config.of("redis"));
    }

    RedisHarness(RedisServer.Config config) {
        server = new RedisServer(sim, null, config, EPOCH);
    }

    /** A client connection that records every byte the server sends. */
    final class Client {
        final StreamSocket socket;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final RespReader reader = new RespReader();
        int proto = 2;

        Client() {
            StreamPipe p = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(MS));
            socket = p.client();
            socket.setHandler((s, data) -> {
                received.writeBytes(data);
                reader.feed(data);
            });
            server.accept(p.server());
        }

        /** Sends raw bytes and runs the simulation until quiet; returns what came back. */
        String raw(String bytes) {
            int from = received.size();
            socket.send(bytes.getBytes(StandardCharsets.ISO_8859_1));
            sim.run();
            return new String(received.toByteArray(), from, received.size() - from, StandardCharsets.ISO_8859_1);
        }

        /** Sends a command as redis-cli does (an array of bulk strings); returns the raw reply bytes. */
        String cmd(String... words) {
            int from = received.size();
            socket.send(Resp.command(List.of(words)));
            sim.run();
            return new String(received.toByteArray(), from, received.size() - from, StandardCharsets.ISO_8859_1);
        }

        /** Sends a command and parses its one reply. */
        Resp reply(String... words) {
            while (reader.nextReply() != null) {
                // skip earlier replies
            }
            cmd(words);
            return reader.nextReply();
        }
    }

    Client client() {
        return new Client();
    }
}
