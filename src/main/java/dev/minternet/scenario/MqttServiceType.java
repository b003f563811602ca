package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.mqtt.MqttBroker;
import dev.minternet.units.Units;

/**
 * {@code type: mqtt}: an MQTT 3.1.1/5 broker on port 1883 (mosquitto 2.0's behaviour): at most
 * {@code max-inflight} (20) QoS 1/2 messages in flight per client, {@code max-queued} (1000)
 * more queued, packets up to {@code max-packet} (1MiB, at most 256MiB), and with {@code
 * persistence} (false) persistent sessions and retained messages that survive a crash of the
 * node. See {@link MqttBroker}.
 */
final class MqttServiceType extends ServiceType<MqttServiceType.MqttSpec> {
    /** An MQTT broker. */
    record MqttSpec(int port, int maxInflight, int maxQueued, int maxPacket, boolean persistence, Loc loc) implements ServiceSpec {
    }

    MqttServiceType() {
        super("mqtt", MqttSpec.class, "port", "max-inflight", "max-queued", "max-packet", "persistence");
    }

    @Override
    MqttSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        int port = o.opt("port", 1883, Fields::port);
        int inflight = o.opt("max-inflight", 20L, x -> x.integer(1, 65535)).intValue();
        int queued = o.opt("max-queued", 1000L, x -> x.integer(0, 1_000_000)).intValue();
        long packet = o.opt("max-packet", 1L << 20, v -> {
            long b = v.parse(Units::bytes);
            if (b < 16 || b > 256L << 20) {
                throw v.error("must be between 16 bytes and 256MiB");
            }
            return b;
        });
        boolean persistence = o.opt("persistence", false, Fields::bool);
        return new MqttSpec(port, inflight, queued, (int) packet, persistence, o.loc());
    }

    @Override
    void start(MqttSpec s, Host on) {
        MqttBroker.listen(on.node(), new MqttBroker.Config(on.node().name(), s.port(), s.maxInflight(), s.maxQueued(),
                s.persistence(), s.maxPacket()));
    }

    /** The port and whether sessions survive a crash. */
    @Override
    String summary(MqttSpec s) {
        return "port " + s.port() + ", max-inflight " + s.maxInflight() + (s.persistence() ? ", persistence" : "");
    }
}
