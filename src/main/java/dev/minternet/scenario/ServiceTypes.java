package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The service types a scenario can name, in the order errors list them (DESIGN.md decision 14).
 * A new type is one file implementing {@link ServiceType} and one line here; see
 * docs/architecture.md, "How to add a service type".
 */
final class ServiceTypes {
    static final List<ServiceType<?>> ALL = List.of(
            new WebServiceType(),
            new AppServiceType(),
            new DbServiceType(),
            new LbServiceType(),
            new ChatServiceType());

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
        for (ServiceType<?> t : ALL) {
            if (t.specType().isInstance(spec)) {
                startAs(t, spec, on);
                return;
            }
        }
        throw new IllegalArgumentException("no service type reads " + spec.getClass().getSimpleName());
    }

    private static <S extends ServiceSpec> void startAs(ServiceType<S> t, ServiceSpec spec, ServiceType.Host on)
            throws ScenarioException {
        t.start(t.specType().cast(spec), on);
    }
}
