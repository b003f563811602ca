package dev.minternet.cli;

import dev.minternet.bench.ResourceUsage;
import dev.minternet.bench.WebSocketBench;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench websocket: one chat message fanned out to N WebSocket subscribers through a load balancer. */
@Command(name = "websocket", mixinStandardHelpOptions = true,
        description = "N subscribers join one chat room over WebSockets through a load balancer; one message is sent to all.")
final class BenchWebSocket implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    int subscribers;

    @Option(names = "--subscribers", defaultValue = "10000", description = "Room members N (default ${DEFAULT-VALUE}).")
    void setSubscribers(int v) {
        subscribers = (int) Checks.range(spec, "--subscribers", v, 1, 1_000_000);
    }

    int chatServers;

    @Option(names = "--chat-servers", defaultValue = "0",
            description = "Chat servers sharing the room over Redis pub/sub (default 0: at least 2, one per 25,000 subscribers).")
    void setChatServers(int v) {
        chatServers = (int) Checks.range(spec, "--chat-servers", v, 0, 64);
    }

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        WebSocketBench.Result r = WebSocketBench.run(subscribers,
                chatServers == 0 ? WebSocketBench.chatServersFor(subscribers) : chatServers, seed);
        long heap = ResourceUsage.peakHeapBytes();
        System.out.printf(Locale.ROOT, "subscribers: %d%nchat servers: %d (one room over Redis pub/sub)%njoined: %d%n"
                        + "delivered: %d (exactly one copy: %d)%nfan-out (simulated): %.3f ms%n"
                        + "setup wall: %.3f s%njoin wall: %.3f s%nfan-out wall: %.3f s%ntotal wall: %.3f s%n"
                        + "simulation thread CPU: %.3f s%nevents executed: %d%nsimulated: %.3f s%npeak heap: %s%n"
                        + "peak heap per subscriber: %.1f KiB%npeak RSS: %s%n",
                r.subscribers(), r.chatServers(), r.joined(), r.delivered(), r.exactlyOnce(), r.fanOutMs(), r.setupSeconds(),
                r.joinWallSeconds(), r.fanOutWallSeconds(), r.setupSeconds() + r.joinWallSeconds() + r.fanOutWallSeconds(),
                r.cpuSeconds(), r.events(), r.simulatedSeconds(), ResourceUsage.mib(heap), heap / 1024.0 / r.subscribers(),
                ResourceUsage.mib(ResourceUsage.peakRssBytes()));
        return r.joined() == r.subscribers() && r.exactlyOnce() == r.joined() ? 0 : 1;
    }
}
