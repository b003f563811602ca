package dev.minternet.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the built-in worlds ship in the jar (under {@code worlds/}, listed in
 * {@code worlds/INDEX}). A scenario names them as {@code builtin:default/site}; on first use they
 * are copied once into a temporary folder for this JVM (content only, so runs stay deterministic).
 */
final class BuiltinFiles {
    public static final String PREFIX = "builtin:";
    private static Path dir;

    private BuiltinFiles() {
    }

    /** The extracted folder holding {@code worlds/...}'s files; {@code rel} is resolved inside it. */
    public static Path resolve(String rel) {
        return root().resolve(rel).normalize();
    }

    /** The extracted folder holding {@code worlds/...}'s files (extracted on first use). */
    public static synchronized Path root() {
        if (dir == null) {
            dir = extract();
        }
        return dir;
    }

    private static Path extract() {
        try {
            Path d = Files.createTempDirectory("minternet-worlds");
            d.toFile().deleteOnExit();
            String index = read("/worlds/INDEX");
            for (String line : index.split("\n")) {
                String f = line.strip();
                if (f.isEmpty() || f.startsWith("#")) {
                    continue;
                }
                Path p = d.resolve(f).normalize();
                Files.createDirectories(p.getParent());
                for (Path q = p.getParent(); q != null && q.startsWith(d) && !q.equals(d); q = q.getParent()) {
                    q.toFile().deleteOnExit();
                }
                try (InputStream in = BuiltinFiles.class.getResourceAsStream("/worlds/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource /worlds/" + f);
                    }
                    Files.write(p, in.readAllBytes());
                }
                p.toFile().deleteOnExit();
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String res) throws IOException {
        try (InputStream in = BuiltinFiles.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + res);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
