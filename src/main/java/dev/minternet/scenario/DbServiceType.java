package dev.minternet.scenario;

import dev.minternet.files.FilePolicy;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.db.SeedException;
import dev.minternet.services.web.Services;
import dev.minternet.units.Units;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code type: db}: a PostgreSQL server on port 5432, seeded by the SQL file {@code seed} (run in
 * the sandbox as the database starts), each query taking {@code query-time} (1 ms) on one of
 * {@code executors} (4).
 */
final class DbServiceType extends ServiceType<DbServiceType.DbSpec> {
    /** A PostgreSQL server seeded by the statements of {@code seed} (null: empty). */
    record DbSpec(int port, Path seed, long queryTimeNs, int executors, Loc loc) implements ServiceSpec {
    }

    DbServiceType() {
        super("db", DbSpec.class, "port", "seed", "query-time", "executors");
    }

    @Override
    DbSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        int port = o.opt("port", 5432, Fields::port);
        Path seed = o.opt("seed", null, entry.files()::file);
        long q = o.opt("query-time", 1_000_000L, x -> x.parse(Units::durationNs));
        int executors = o.opt("executors", 4L, x -> x.integer(1, 1000)).intValue();
        return new DbSpec(port, seed, q, executors, o.loc());
    }

    /**
     * Creates the databases of a scenario's {@code db} services ahead, on the calling thread, for
     * the servers its world will start ({@link dev.minternet.services.db.DatabaseServer#createAhead}):
     * a seed that cannot be read is left to {@link #start}, which reports it.
     */
    static void createAhead(Scenario s) {
        for (Scenario.NodeSpec n : s.nodes()) {
            for (ServiceSpec svc : n.services()) {
                if (svc instanceof DbSpec db) {
                    List<String> seed = List.of();
                    if (db.seed() != null) {
                        try {
                            seed = List.of(Files.readString(db.seed()));
                        } catch (IOException | RuntimeException e) {
                            continue;
                        }
                    }
                    dev.minternet.services.db.DatabaseServer.createAhead(n.name(), seed, s.start()).run();
                }
            }
        }
    }

    @Override
    void start(DbSpec db, Host on) throws ScenarioException {
        List<String> seed = List.of();
        if (db.seed() != null) {
            try {
                seed = List.of(Files.readString(db.seed()));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("cannot read seed " + db.seed().getFileName() + ": not UTF-8 text");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read seed " + db.seed().getFileName() + ": "
                        + FilePolicy.reason(e));
            }
        }
        try {
            Services.db(on.node(), db.port(), seed, db.queryTimeNs(), db.executors());
        } catch (SeedException e) {
            // "seed.sql:3: CREATE ALIAS is not allowed in a seed (...)"
            throw new ScenarioException(db.loc(), on.path() + ".seed",
                    seedName(on.scenario(), db.seed()) + ":" + e.line() + ": " + e.problem());
        }
    }

    /** A seed file as the scenario's reader knows it: relative to the scenario's folder when inside. */
    private static String seedName(Scenario s, Path seed) {
        if (seed == null) {
            return "seed";
        }
        Path folder = s.folder();
        try {
            Path real = folder == null ? null : folder.toRealPath();
            if (real != null && seed.startsWith(real)) {
                return real.relativize(seed).toString();
            }
        } catch (IOException e) {
            // fall back to the file name
        }
        return String.valueOf(seed.getFileName());
    }

    @Override
    String summary(DbSpec db) {
        return "port " + db.port() + " (PostgreSQL wire protocol), " + db.executors() + " executors";
    }
}
