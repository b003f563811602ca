package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The service types a scenario can name, in the order errors list them (docs/design.md decision 14).
 * A new type is one file implementing {@link ServiceType} and one line here; see
 * docs/architecture.md, "How to add a service type".
 */
final class ServiceTypes {
    static final List<ServiceType<?>> ALL = List.of(
            new WebServiceType(),
            new AppServiceType(),
            new DbServiceType(),
            new LbServiceType(),
            new RedirectServiceType(),
            new RedisServiceType(),
            new ChatServiceType(),
            new GrpcServiceType(),
            new MqttServiceType(),
            new RtpSenderServiceType(),
            new RtpReceiverServiceType(),
            new GatewayServiceType(),
            new AuthServiceType(),
            new CdnServiceType(),
            new CdnDnsServiceType(),
            new SidecarServiceType(),
            new LoadServiceType());

    private ServiceTypes() {
    }

    /** The names {@code type:} takes. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (ServiceType<?> t : ALL) {
            out.add(t.name());
        }
        return List.copyOf(out);
    }

    /** Every field some type takes, each once, in registry order: what an entry may contain at all. */
    static List<String> anyFields() {
        List<String> out = new ArrayList<>();
        for (ServiceType<?> t : ALL) {
            for (String f : t.fields()) {
                if (!out.contains(f)) {
                    out.add(f);
                }
            }
        }
        return List.copyOf(out);
    }

    static ServiceType<?> named(String name) {
        for (ServiceType<?> t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no service type " + name);
    }

    /** Starts {@code spec} with the type that read it. */
    static void start(ServiceSpec spec, ServiceType.Host on) throws ScenarioException {
        startAs(of(spec), spec, on);
    }

    /** The type that reads {@code spec}. */
    static ServiceType<?> of(ServiceSpec spec) {
        for (ServiceType<?> t : ALL) {
            if (t.specType().isInstance(spec)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no service type reads " + spec.getClass().getSimpleName());
    }

    /** {@code spec}'s type name and summary, e.g. {@code web port 80, files site, api app:8080}. */
    static String describe(ServiceSpec spec) {
        return describeAs(of(spec), spec);
    }

    /** The URL scheme of {@code spec}, or null when a URL does not reach it. */
    static String scheme(ServiceSpec spec) {
        return schemeAs(of(spec), spec);
    }

    private static <S extends ServiceSpec> String describeAs(ServiceType<S> t, ServiceSpec spec) {
        return t.name() + " " + t.summary(t.specType().cast(spec));
    }

    private static <S extends ServiceSpec> String schemeAs(ServiceType<S> t, ServiceSpec spec) {
        return t.scheme(t.specType().cast(spec));
    }

    private static <S extends ServiceSpec> void startAs(ServiceType<S> t, ServiceSpec spec, ServiceType.Host on)
            throws ScenarioException {
        t.start(t.specType().cast(spec), on);
    }
}
