package dev.minternet.cli;

import dev.minternet.bench.MqttBench;
import dev.minternet.bench.ResourceUsage;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet bench mqtt: M messages fanned out by an MQTT broker to N subscribers. */
@Command(name = "mqtt", mixinStandardHelpOptions = true,
        description = "N subscribers on one MQTT broker; one publisher sends M messages; prints fan-out deliveries per second.")
final class BenchMqtt implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    int subscribers;
    int messages;
    int qos;

    @Option(names = "--subscribers", defaultValue = "1000", description = "Subscribers N (default ${DEFAULT-VALUE}).")
    void setSubscribers(int v) {
        subscribers = (int) Checks.range(spec, "--subscribers", v, 1, 1_000_000);
    }

    @Option(names = "--messages", defaultValue = "100", description = "Messages M the publisher sends (default ${DEFAULT-VALUE}).")
    void setMessages(int v) {
        messages = (int) Checks.range(spec, "--messages", v, 1, 1_000_000);
    }

    @Option(names = "--qos", defaultValue = "1", description = "QoS of the messages and subscriptions, 0-2 (default ${DEFAULT-VALUE}).")
    void setQos(int v) {
        qos = (int) Checks.range(spec, "--qos", v, 0, 2);
    }

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the run's random streams (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        MqttBench.Result r = MqttBench.run(subscribers, messages, qos, seed);
        System.out.printf(Locale.ROOT, "subscribers: %d%nsubscribed: %d%nmessages: %d%nqos: %d%ndelivered: %d%n"
                        + "fan-out (simulated): %.3f ms%nsetup wall: %.3f s%nfan-out wall: %.3f s%ndeliveries/s (wall): %.0f%n"
                        + "events executed: %d%npeak heap: %s%npeak RSS: %s%n",
                r.subscribers(), r.subscribed(), r.messages(), r.qos(), r.delivered(), r.simulatedFanOutMs(), r.setupSeconds(),
                r.fanOutWallSeconds(), r.deliveriesPerSecond(), r.events(), ResourceUsage.mib(ResourceUsage.peakHeapBytes()),
                ResourceUsage.mib(ResourceUsage.peakRssBytes()));
        return r.subscribed() == r.subscribers() && r.delivered() == (long) r.subscribed() * r.messages() ? 0 : 1;
    }
}
