package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.CertificateSpec;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.web.Certificates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a node's {@code services:} list and the world's {@code tls:} section (see
 * docs/scenarios.md). Each entry's {@code type} picks its {@link ServiceType} in
 * {@link ServiceTypes}, which reads the rest; folders and files are relative to the scenario
 * file's folder. The nodes a service names, and whether a service that never falls idle has a
 * duration to end it, are checked by {@link #check} once every node is read.
 */
final class ServicesReader {
    private static final String[] TLS_FIELDS = {"certificates"};
    private static final String[] CERT_FIELDS = {"names", "status"};

    private final ScenarioFiles files;
    private final List<String> anyFields = ServiceTypes.anyFields();
    private final List<String> typeNames = ServiceTypes.names();
    /** Every entry read, in file order, for {@link #check}. */
    private final List<ServiceEntry> entries = new ArrayList<>();

    ServicesReader(ScenarioFiles files) {
        this.files = files;
    }

    List<ServiceSpec> read(Val list) throws ScenarioException {
        List<ServiceSpec> out = new ArrayList<>();
        Map<Integer, Val> ports = new HashMap<>();
        for (Val v : list.list()) {
            ServiceSpec s = service(v);
            Val first = ports.putIfAbsent(s.port(), v);
            if (first != null) {
                throw v.error("port " + s.port() + " is already taken by the service on line " + first.loc().line());
            }
            out.add(s);
        }
        return out;
    }

    private ServiceSpec service(Val v) throws ScenarioException {
        String type = v.obj(anyFields.toArray(String[]::new))
                .req("type", "allowed: " + String.join(", ", typeNames)).choice(typeNames);
        ServiceType<?> t = ServiceTypes.named(type);
        ServiceEntry entry = new ServiceEntry(v, files);
        ServiceSpec spec = t.read(v.obj(t.fields().toArray(String[]::new)), entry);
        entries.add(entry);
        return spec;
    }

    /**
     * Services name nodes that exist, and a service that keeps the run busy forever (health
     * checks) needs the scenario's duration; entries are checked in file order.
     */
    void check(Topology world, boolean hasDuration) throws ScenarioException {
        for (ServiceEntry e : entries) {
            if (e.forever != null && !hasDuration) {
                throw e.val.error(e.forever + ": set the scenario's duration (e.g. duration: 30s)");
            }
            for (ServiceEntry.Reference r : e.references) {
                if (!world.nodes.containsKey(r.target().node())) {
                    throw r.val().error(world.unknownNode(Yaml.oneLine(r.target().node())));
                }
            }
        }
    }

    /** {@code tls: {certificates: [{names: [www.example.com], status: expired}]}}. */
    static List<CertificateSpec> tls(Val v) throws ScenarioException {
        Obj o = v.obj(TLS_FIELDS);
        List<CertificateSpec> out = new ArrayList<>();
        for (Val c : o.list("certificates")) {
            Obj co = c.obj(CERT_FIELDS);
            List<String> names = Fields.names(co);
            if (names.isEmpty()) {
                throw new ScenarioException(co.loc(), c.path, "a certificate needs names (e.g. names: [www.example.com])");
            }
            Certificates.Status st = co.opt("status", Certificates.Status.VALID, x -> x.choice(Certificates.Status.class));
            out.add(new CertificateSpec(names, st, co.loc()));
        }
        return List.copyOf(out);
    }
}
