package dev.minternet.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs that serve as test oracles (tshark now; dig, curl later). A missing
 * program aborts the calling test with a visible reason, so a laptop without Wireshark still runs
 * the rest of the suite; with {@code MINTERNET_REQUIRE_ORACLES=1} (set it in CI) a missing
 * program fails the test instead, so a check can never silently vanish.
 */
public final class Oracles {
    /** Environment variable that turns a missing oracle from a skip into a failure. */
    public static final String REQUIRE_ENV = "MINTERNET_REQUIRE_ORACLES";

    /** Searched after PATH: where Debian puts packaged programs, even when PATH is minimal. */
    private static final List<String> FALLBACK_DIRS = List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

    private Oracles() {
    }

    /** The tshark executable (Debian package {@code tshark}). */
    public static Path tshark() {
        return require("tshark", "tshark");
    }

    /**
     * The executable {@code binary}, found on PATH or in the usual system directories. When it is
     * missing, aborts the test (JUnit assumption) naming the Debian package to install, or fails it
     * when {@value #REQUIRE_ENV}=1.
     */
    public static Path require(String binary, String debianPackage) {
        Path p = FOUND.get(binary);
        if (p != null) {
            return p;
        }
        p = require(binary, debianPackage, System.getenv("PATH"), strict());
        FOUND.put(binary, p);
        return p;
    }

    /**
     * Runs {@code script} with bash in a network namespace of its own (as root {@code unshare -n},
     * else in a user namespace {@code unshare -rn}) and returns what it printed (stdout and
     * stderr). Aborts the test when neither can make one, or the script exits 77 (its way of
     * saying the namespace lacks something it needs, a veth pair or iptables). The script must
     * not leave a background process holding its output open.
     */
    public static String inNetworkNamespace(String script) throws java.io.IOException, InterruptedException {
        String unshare = require("unshare", "util-linux").toString();
        for (List<String> u : List.of(List.of(unshare, "-n"), List.of(unshare, "-rn"))) {
            List<String> cmd = new ArrayList<>(u);
            cmd.addAll(List.of("bash", "-c", script));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Assertions.fail("the script in a network namespace did not end: " + out);
            }
            if (p.exitValue() != 77 && !out.contains("unshare failed") && !out.contains("Operation not permitted")) {
                return out;
            }
        }
        return Assumptions.abort("cannot make a network namespace with what the script needs here");
    }

    /** True when missing oracles must fail tests rather than skip them. */
    public static boolean strict() {
        return "1".equals(System.getenv(REQUIRE_ENV));
    }

    /** {@link #require(String, String)} with the search path and strictness given, for tests. */
    static Path require(String binary, String debianPackage, String searchPath, boolean strict) {
        Path p = find(binary, searchPath);
        if (p != null) {
            return p;
        }
        String why = binary + " not installed: no executable '" + binary + "' on PATH or in " + FALLBACK_DIRS
                + "; install it with: apt-get install " + debianPackage;
        if (strict) {
            return Assertions.fail(why + " (required because " + REQUIRE_ENV + "=1)");
        }
        return Assumptions.abort(why + " (set " + REQUIRE_ENV + "=1 to make this a failure)");
    }

    static Path find(String binary, String searchPath) {
        if (binary.contains("/")) {
            throw new IllegalArgumentException("give a program name, not a path: " + binary);
        }
        List<String> dirs = new ArrayList<>();
        if (searchPath != null) {
            for (String d : searchPath.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(FALLBACK_DIRS);
        for (String d : dirs) {
            Path p = Path.of(d, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
