package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lets a real BIND tool (dig, nslookup, host) ask one of a world's DNS servers: a UDP socket on
 * 127.0.0.1 hands each datagram the tool sends to the server's {@link DnsListener} as if it came
 * from {@code clientAddress}, runs the simulation until the server has answered, and sends the
 * server's reply bytes back to the tool. So the real tool judges the exact bytes our server makes.
 */
final class LoopbackDns implements AutoCloseable {
    private final World world;
    private final DnsListener listener;
    private final int clientAddress;
    private final DatagramSocket socket;
    /** The queries the tool sent, as bytes. */
    final List<byte[]> queries = new ArrayList<>();
    /** The replies the server made, as bytes. */
    final List<byte[]> replies = new ArrayList<>();

    LoopbackDns(World world, Node server, int clientAddress) {
        this.world = world;
        AuthoritativeServer auth = server.service(AuthoritativeServer.class);
        RecursiveResolver resolver = server.service(RecursiveResolver.class);
        this.listener = auth != null ? auth.listener() : resolver.listener();
        this.clientAddress = clientAddress;
        try {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Runs {@code command} (the tool and its arguments) to its end, serving its queries; returns what it printed. */
    String run(Path binary, String... args) throws IOException, InterruptedException {
        return runWithInput(null, binary, args);
    }

    /** As {@link #run}, with {@code input} (null: none) written to the tool's standard input, then closed. */
    String runWithInput(String input, Path binary, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] buf = new byte[65535];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.isAlive() && System.nanoTime() < deadline) {
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(d);
            } catch (SocketTimeoutException e) {
                continue;
            }
            byte[] query = Arrays.copyOf(d.getData(), d.getLength());
            queries.add(query);
            InetAddress back = d.getAddress();
            int backPort = d.getPort();
            listener.accept(query, clientAddress, 40000 + queries.size(), DnsListener.Transport.UDP, wire -> {
                replies.add(wire);
                try {
                    socket.send(new DatagramPacket(wire, wire.length, back, backPort));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // a resolver answers later in simulated time: let it work
            world.sim().runUntil(world.sim().now() + 10 * Durations.S);
        }
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        socket.close();
    }
}
