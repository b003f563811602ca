package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Yaml.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a node's {@code services:} list while it is read: the files it may name, the nodes
 * it refers to and whether it keeps the run busy forever. Both are checked by
 * {@link ServicesReader#check} once every node is read (a service may name a node declared
 * after its own).
 */
final class ServiceEntry {
    /** A value naming another node, kept with its field path for the later check. */
    record Reference(HostPort target, Val val) {
    }

    final Val val;
    private final ScenarioFiles files;
    final List<Reference> references = new ArrayList<>();
    /** Why the service never falls idle (e.g. "a load balancer checks its backends forever"), or null. */
    String forever;

    ServiceEntry(Val val, ScenarioFiles files) {
        this.val = val;
        this.files = files;
    }

    /** The files and folders a service may name, under the scenario's folder. */
    ScenarioFiles files() {
        return files;
    }

    /** Reads {@code node:port}; the node must exist (checked later, in reading order). */
    HostPort node(Val v) throws ScenarioException {
        HostPort hp = Fields.hostPort(v);
        references.add(new Reference(hp, v));
        return hp;
    }

    /**
     * Says that the service keeps the run busy forever (periodic health checks), so the scenario
     * needs a duration; {@code why} starts the error, e.g. "a load balancer checks its backends
     * forever".
     */
    void runsForever(String why) {
        forever = why;
    }
}
