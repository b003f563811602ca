package dev.minternet.scenario;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.web.Certificates;
import dev.minternet.tls.TlsIdentity;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind of server that a node's {@code services:} list can run (docs/design.md decision 14): its
 * name (the value of {@code type:}), the fields it takes, the reader that turns them into its
 * typed spec, and the starter that runs the spec on its node of a built world. A type is one file
 * (the type, its spec record, its reader and starter), listed once in {@link ServiceTypes}; nothing
 * else switches on the type. The readers live here, above {@code services}, because they read the
 * scenario's YAML; the starters call down into {@code services/*}.
 *
 * @param <S> the spec this type reads and starts
 */
abstract class ServiceType<S extends ServiceSpec> {
    private final String name;
    private final Class<S> specType;
    private final List<String> fields;

    /**
     * @param name the value of {@code type:} that selects this type, e.g. {@code web}
     * @param specType the spec record this type reads
     * @param fields every field the type takes after {@code type}, in the order an error lists them
     */
    ServiceType(String name, Class<S> specType, String... fields) {
        this.name = name;
        this.specType = specType;
        List<String> all = new ArrayList<>();
        all.add("type");
        all.addAll(List.of(fields));
        this.fields = List.copyOf(all);
    }

    final String name() {
        return name;
    }

    /** Every field this type takes, {@code type} first, in the order an error lists them. */
    final List<String> fields() {
        return fields;
    }

    final Class<S> specType() {
        return specType;
    }

    /**
     * Reads one {@code services:} entry whose fields are already checked against {@link #fields()}.
     * A value that names another node goes through {@link ServiceEntry#node}, so that it is checked
     * once every node is read; a service that never falls idle says so with
     * {@link ServiceEntry#runsForever}.
     */
    abstract S read(Obj o, ServiceEntry entry) throws ScenarioException;

    /**
     * Starts {@code spec} on {@code on.node()}. An IllegalArgumentException becomes an error at the
     * service's entry; a starter may throw a ScenarioException of its own at a field under
     * {@code on.path()}.
     */
    abstract void start(S spec, Host on) throws ScenarioException;

    /**
     * What {@code minternet world show} prints after the type's name: by default the port; a type
     * adds what a user needs to know to use it (its backends, its database, its names).
     */
    String summary(S spec) {
        return "port " + spec.port();
    }

    /**
     * The URL scheme a browser or curl uses to reach this service ({@code http}, {@code https},
     * {@code ws}...), or null when it is not reached by URL; {@code world show} and
     * {@code visit --help} list a URL for each DNS name pointing at a node with such a service.
     */
    String scheme(S spec) {
        return null;
    }

    /**
     * Where a service starts: the built world, its node, the world's certificates, the scenario
     * (for its folder) and the field path of the service's entry, e.g. {@code nodes[3].services[0]}.
     */
    record Host(World world, Node node, Certificates certificates, Scenario scenario, String path) {
        /**
         * The TLS identities a server presents: the certificates for {@code names} (the node's own
         * name when the list is empty); none without {@code tls}.
         */
        List<TlsIdentity> identities(boolean tls, List<String> names) {
            return tls ? certificates.serve(node.name(), names.isEmpty() ? List.of(node.name()) : names) : List.of();
        }
    }
}
