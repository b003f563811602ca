package dev.minternet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * tshark as a test oracle: an independent dissector reads our pcap files and says whether each
 * packet is well formed, whether its checksums verify, and what its fields decode to.
 *
 * <p>Every run enables checksum validation, which tshark leaves off by default for IP, UDP and
 * TCP ({@code -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE});
 * ICMP and ICMPv6 checksums are always verified and have no preference. Each run disables name
 * resolution ({@code -n}) and points {@code WIRESHARK_CONFIG_DIR} at an empty directory so a
 * developer's personal Wireshark profile cannot change the verdict. A run that exits non-zero,
 * writes anything but the usual root warning to stderr, or lasts over {@value #TIMEOUT_SECONDS}
 * seconds (it is then killed) fails the test with tshark's stderr.
 *
 * <p>Filters found to work with tshark 4.0: a checksum status field is 0 "Bad", 1 "Good",
 * 2 "Unverified"; {@code ip.checksum.status == "Bad"} etc. also match a bad checksum in the IP
 * header quoted inside an ICMP error. An ICMP checksum error is an expert warning, an IP, UDP or
 * TCP one an expert error.
 */
public final class Tshark {
    public static final int TIMEOUT_SECONDS = 60;

    /** Preferences that switch on checksum validation; without them IP/UDP/TCP show "Unverified". */
    public static final List<String> CHECKSUM_PREFERENCES = List.of(
            "-o", "ip.check_checksum:TRUE",
            "-o", "udp.check_checksum:TRUE",
            "-o", "tcp.check_checksum:TRUE");

    /**
     * Packets in which any IP, UDP, TCP, ICMP or ICMPv6 checksum failed verification. A TCP segment
     * quoted in an ICMP error is left out: an error quotes at most 548 bytes of it (RFC 1812
     * 4.3.2.3), and tshark 4.0 still sums the truncated segment against its checksum.
     */
    public static final String BAD_CHECKSUM_FILTER = "ip.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\""
            + " || (tcp.checksum.status == \"Bad\" && !icmp) || icmp.checksum.status == \"Bad\""
            + " || icmpv6.checksum.status == \"Bad\"";

    /**
     * Packets a dissector gave up on, or flagged with an expert info of severity error (but for the
     * bad-checksum error on a truncated TCP segment quoted in an ICMP error, see
     * {@link #BAD_CHECKSUM_FILTER}).
     */
    public static final String MALFORMED_FILTER = "_ws.malformed"
            + " || (_ws.expert.severity == error && !(icmp && tcp.checksum.status == \"Bad\"))";

    /** Field separator for {@code -T fields}: ASCII unit separator, which no field value contains. */
    private static final char SEPARATOR = '\u001f';

    /** tshark prints this to stderr whenever it runs as root; it is not an error. */
    private static final Pattern BENIGN_STDERR =
            Pattern.compile("Running as user \".*\" and group \".*\"\\. This could be dangerous\\.");

    private Tshark() {
    }

    /**
     * One map per packet matching {@code displayFilter} (null or empty: every packet), from each
     * field name to its value as tshark prints it with {@code -T fields}: "" when the packet lacks
     * the field, and several occurrences joined by ',' (e.g. {@code ip.ttl} "64,1" for an ICMP
     * error quoting a header). Maps keep the order of {@code fieldNames}.
     */
    public static List<Map<String, String>> fields(Path pcap, String displayFilter, String... fieldNames) {
        return fields(pcap, List.of(), displayFilter, fieldNames);
    }

    /**
     * {@link #fields} with TLS decrypted by an SSLKEYLOGFILE ({@code -o tls.keylog_file:FILE}):
     * decrypted records show their inner content type and the protocol inside (HTTP/2 frames).
     */
    public static List<Map<String, String>> decryptedFields(Path pcap, Path keyLog, String displayFilter,
                                                            String... fieldNames) {
        return fields(pcap, List.of("-o", "tls.keylog_file:" + keyLog.toAbsolutePath()), displayFilter, fieldNames);
    }

    /**
     * {@link #fields} with extra options before the fields (decode-as {@code -d}, preferences
     * {@code -o}), e.g. a port decoded as HTTP/2 and the protobuf search path for gRPC.
     */
    public static List<Map<String, String>> fieldsWith(Path pcap, List<String> options, String displayFilter,
                                                       String... fieldNames) {
        return fields(pcap, options, displayFilter, fieldNames);
    }

    private static List<Map<String, String>> fields(Path pcap, List<String> preferences, String displayFilter,
                                                    String... fieldNames) {
        if (fieldNames.length == 0) {
            throw new IllegalArgumentException("name at least one field");
        }
        List<String> args = new ArrayList<>(preferences);
        args.addAll(List.of("-T", "fields", "-E", "header=n", "-E", "separator=" + SEPARATOR,
                "-E", "occurrence=a", "-E", "aggregator=,", "-E", "quote=n"));
        for (String f : fieldNames) {
            args.add("-e");
            args.add(f);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : rows(run(pcap, displayFilter, args))) {
            String[] v = line.split(String.valueOf(SEPARATOR), -1);
            if (v.length != fieldNames.length) {
                Assertions.fail("tshark printed " + v.length + " fields, expected " + fieldNames.length + ": " + line);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < v.length; i++) {
                row.put(fieldNames[i], v[i]);
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return rows;
    }

    /** Number of packets matching {@code displayFilter}. */
    public static int count(Path pcap, String displayFilter) {
        return rows(run(pcap, displayFilter, List.of("-T", "fields", "-e", "frame.number"))).size();
    }

    /** Packets tshark found malformed or marked with an error-severity expert info. */
    public static int malformedCount(Path pcap) {
        return count(pcap, MALFORMED_FILTER);
    }

    /** Packets with a checksum that tshark verified as bad, in any header including quoted ones. */
    public static int badChecksumCount(Path pcap) {
        return count(pcap, BAD_CHECKSUM_FILTER);
    }

    /**
     * TLS records tshark could not decrypt, with the key log {@code keys} or (null) without one: in
     * each packet, records (one length each) beyond those whose content type it knows (a protected
     * record has one only once decrypted, RFC 8446 section 5.2).
     */
    public static int undecryptedTlsRecords(Path pcap, Path keys) {
        String[] fields = {"tls.record.length", "tls.record.content_type"};
        List<Map<String, String>> rows = keys == null ? fields(pcap, "tls", fields)
                : decryptedFields(pcap, keys, "tls", fields);
        int n = 0;
        for (Map<String, String> r : rows) {
            n += valueCount(r.get("tls.record.length")) - valueCount(r.get("tls.record.content_type"));
        }
        return n;
    }

    /** How many values a field aggregated over one packet (comma-separated) holds. */
    private static int valueCount(String aggregated) {
        return aggregated.isEmpty() ? 0 : aggregated.split(",").length;
    }

    /** tshark's one-line summary of each packet matching {@code displayFilter}. */
    public static List<String> summaries(Path pcap, String displayFilter) {
        return lines(run(pcap, displayFilter, List.of()));
    }

    /**
     * Asserts that tshark finds no malformed packet and no bad checksum in {@code pcap}; the failure
     * message lists each offending packet's summary and its expert infos.
     */
    public static void assertClean(Path pcap) {
        String filter = "(" + MALFORMED_FILTER + ") || (" + BAD_CHECKSUM_FILTER + ")";
        if (count(pcap, filter) == 0) {
            return; // one tshark run when clean; the details below only on failure
        }
        int malformed = malformedCount(pcap);
        int badChecksums = badChecksumCount(pcap);
        StringBuilder msg = new StringBuilder();
        msg.append(pcap).append(": tshark found ").append(malformed).append(" malformed and ")
                .append(badChecksums).append(" bad-checksum packet(s):");
        List<String> summaries = summaries(pcap, filter);
        List<Map<String, String>> experts = fields(pcap, filter, "_ws.expert.message");
        for (int i = 0; i < summaries.size(); i++) {
            msg.append("\n  ").append(summaries.get(i).strip());
            if (i < experts.size() && !experts.get(i).get("_ws.expert.message").isEmpty()) {
                msg.append("\n      expert: ").append(experts.get(i).get("_ws.expert.message"));
            }
        }
        Assertions.fail(msg.toString());
    }

    /** Runs tshark on {@code pcap} with checksum validation and returns its stdout. */
    static String run(Path pcap, String displayFilter, List<String> extraArgs) {
        if (!Files.isRegularFile(pcap)) {
            Assertions.fail("no pcap file at " + pcap);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Oracles.tshark().toString());
        cmd.add("-n");
        cmd.addAll(CHECKSUM_PREFERENCES);
        cmd.add("-r");
        cmd.add(pcap.toString());
        if (displayFilter != null && !displayFilter.isBlank()) {
            cmd.add("-Y");
            cmd.add(displayFilter);
        }
        cmd.addAll(extraArgs);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("minternet-tshark");
            Path config = Files.createDirectory(dir.resolve("config"));
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().put("WIRESHARK_CONFIG_DIR", config.toString());
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(p);
                throw new AssertionError("interrupted while waiting for tshark", e);
            }
            if (!done) {
                kill(p);
                Assertions.fail("tshark took over " + TIMEOUT_SECONDS + " s and was killed: " + String.join(" ", cmd)
                        + "\nstderr:\n" + read(stderr));
            }
            String err = read(stderr);
            List<String> errors = new ArrayList<>();
            for (String line : lines(err)) {
                if (!BENIGN_STDERR.matcher(line.strip()).matches()) {
                    errors.add(line);
                }
            }
            if (p.exitValue() != 0 || !errors.isEmpty()) {
                Assertions.fail("tshark exited with " + p.exitValue() + ": " + String.join(" ", cmd)
                        + "\nstderr:\n" + String.join("\n", errors));
            }
            return read(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /**
     * The lines of {@code -T fields} output, one per packet, keeping empty ones: a packet whose
     * fields are all absent prints an empty line (or bare separators, which Java counts as blank).
     */
    private static List<String> rows(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return out;
    }

    /** Non-blank lines, for summaries and stderr. */
    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
        }
        return out;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
