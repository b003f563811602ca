package dev.minternet.tools.curl;

import dev.minternet.tls.ClientHelloProfile;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.util.ArrayList;
import java.util.List;

/**
 * curl's TLS version and cipher options, {@code --limit-rate} and {@code --no-keepalive}, parsed
 * as curl 7.88's src/tool_getparam.c does and applied as lib/vtls/openssl.c applies them to
 * OpenSSL 3.0 (captured in src/test/resources/reference/curl-7.88.1/).
 *
 * <ul>
 *   <li>{@code -1}/{@code --tlsv1}, {@code --tlsv1.0}, {@code --tlsv1.1}, {@code --tlsv1.2},
 *       {@code --tlsv1.3}: the lowest version offered (the last one given counts; by default
 *       TLS 1.0, as curl's CURL_SSLVERSION_DEFAULT gives OpenSSL).</li>
 *   <li>{@code --tls-max VERSION}: "default" (TLS 1.3), "1.0" to "1.3"; anything else is exit 2
 *       ("is badly used here"). A maximum below the minimum is exit 35, "CURL_SSLVERSION_MAX
 *       incompatible with CURL_SSLVERSION", once TCP is connected.</li>
 *   <li>{@code --ciphers LIST}: OpenSSL's cipher list for TLS 1.2 and below, names separated by
 *       ':', ',' or ' ', in the order given. Names OpenSSL does not know are skipped; when none is
 *       left, exit 59 "failed setting cipher list: LIST". Modelled: the 27 names of curl's default
 *       list, {@code DEFAULT}/{@code ALL}/{@code HIGH} for that list, and {@code !NAME}/{@code -NAME}
 *       to take one out (not OpenSSL's other keywords or its {@code +} moves).</li>
 *   <li>{@code --tls13-ciphers LIST}: OpenSSL's TLS 1.3 suites, separated by ':'; unknown names
 *       are skipped, none left is exit 59 "failed setting TLS 1.3 cipher suite: LIST".</li>
 *   <li>{@code --limit-rate SPEED}: bytes per second, with a K, M or G suffix (1024 based) or B;
 *       see {@link CurlRateLimit} for how it paces the transfer.</li>
 *   <li>{@code --no-keepalive}: curl does not set SO_KEEPALIVE. The simulated sockets send no
 *       keepalive probes either way (a transfer ends long before Linux's 60 s idle time curl
 *       asks for), so it changes nothing here.</li>
 * </ul>
 *
 * @param minVersion  lowest wire version offered (0x0301 for TLS 1.0)
 * @param maxVersion  highest (0x0304 for TLS 1.3, the default)
 * @param ciphers     --ciphers as typed, or null
 * @param tls13Ciphers --tls13-ciphers as typed, or null
 * @param limitRate   --limit-rate in bytes per second, 0 for none
 * @param noKeepalive --no-keepalive was given
 */
record CurlTlsOptions(int minVersion, int maxVersion, String ciphers, String tls13Ciphers, long limitRate,
        boolean noKeepalive) {
    static final int TLS1_0 = 0x0301;
    static final int TLS1_3 = 0x0304;
    static final CurlTlsOptions NONE = new CurlTlsOptions(TLS1_0, TLS1_3, null, null, 0, false);

    /** OpenSSL's names of the TLS 1.2-and-below suites curl offers, in OpenSSL 3.0's default order. */
    private static final String[][] SUITES = {
        {"ECDHE-ECDSA-AES256-GCM-SHA384", "c02c"}, {"ECDHE-RSA-AES256-GCM-SHA384", "c030"},
        {"DHE-RSA-AES256-GCM-SHA384", "009f"}, {"ECDHE-ECDSA-CHACHA20-POLY1305", "cca9"},
        {"ECDHE-RSA-CHACHA20-POLY1305", "cca8"}, {"DHE-RSA-CHACHA20-POLY1305", "ccaa"},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", "c02b"}, {"ECDHE-RSA-AES128-GCM-SHA256", "c02f"},
        {"DHE-RSA-AES128-GCM-SHA256", "009e"}, {"ECDHE-ECDSA-AES256-SHA384", "c024"},
        {"ECDHE-RSA-AES256-SHA384", "c028"}, {"DHE-RSA-AES256-SHA256", "006b"},
        {"ECDHE-ECDSA-AES128-SHA256", "c023"}, {"ECDHE-RSA-AES128-SHA256", "c027"},
        {"DHE-RSA-AES128-SHA256", "0067"}, {"ECDHE-ECDSA-AES256-SHA", "c00a"}, {"ECDHE-RSA-AES256-SHA", "c014"},
        {"DHE-RSA-AES256-SHA", "0039"}, {"ECDHE-ECDSA-AES128-SHA", "c009"}, {"ECDHE-RSA-AES128-SHA", "c013"},
        {"DHE-RSA-AES128-SHA", "0033"}, {"AES256-GCM-SHA384", "009d"}, {"AES128-GCM-SHA256", "009c"},
        {"AES256-SHA256", "003d"}, {"AES128-SHA256", "003c"}, {"AES256-SHA", "0035"}, {"AES128-SHA", "002f"},
    };

    /** OpenSSL's TLS 1.3 suite names (the CCM ones are valid names no server of this world picks). */
    private static final String[][] SUITES13 = {
        {"TLS_AES_256_GCM_SHA384", "1302"}, {"TLS_CHACHA20_POLY1305_SHA256", "1303"}, {"TLS_AES_128_GCM_SHA256", "1301"},
        {"TLS_AES_128_CCM_SHA256", "1304"}, {"TLS_AES_128_CCM_8_SHA256", "1305"},
    };

    /** curl's default TLS 1.3 suites (OpenSSL's TLS_DEFAULT_CIPHERSUITES). */
    private static final List<Integer> DEFAULT13 = List.of(0x1302, 0x1303, 0x1301);

    /** Whether {@code o} is one of these options taking a value. */
    static boolean takesValue(String o) {
        return switch (o) {
            case "--tls-max", "--ciphers", "--tls13-ciphers", "--limit-rate" -> true;
            default -> false;
        };
    }

    /** Collects these options while {@link CurlArgs#parse} reads the command line. */
    static final class Builder {
        int min = TLS1_0;
        int max = TLS1_3;
        String ciphers;
        String tls13;
        long rate;
        boolean noKeepalive;

        /** Takes option {@code o} with value {@code v}; false when it is none of these. */
        boolean option(String o, String v) {
            switch (o) {
                case "-1", "--tlsv1", "--tlsv1.0" -> min = TLS1_0;
                case "--tlsv1.1" -> min = 0x0302;
                case "--tlsv1.2" -> min = 0x0303;
                case "--tlsv1.3" -> min = TLS1_3;
                case "--tls-max" -> max = switch (v) {
                    case "default", "1.3" -> TLS1_3;
                    case "1.2" -> 0x0303;
                    case "1.1" -> 0x0302;
                    case "1.0" -> TLS1_0;
                    default -> throw new CurlException(2, "option " + o + ": is badly used here");
                };
                case "--ciphers" -> ciphers = v;
                case "--tls13-ciphers" -> tls13 = v;
                case "--limit-rate" -> rate = rate(o, v);
                case "--no-keepalive" -> noKeepalive = true;
                default -> {
                    return false;
                }
            }
            return true;
        }

        CurlTlsOptions build() {
            return new CurlTlsOptions(min, max, ciphers, tls13, rate, noKeepalive);
        }
    }

    /**
     * tool_getparam.c GetSizeParameter: a whole number, then nothing, B, K, M or G (one letter,
     * either case); "1.5K" has the unit ".5K", which is unsupported.
     */
    static long rate(String o, String v) {
        int i = 0;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
            i++;
        }
        if (i < v.length() && v.charAt(i) == '+') {
            i++;
        }
        int digits = i;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        long value;
        try {
            value = Long.parseLong(v.substring(digits, i));
        } catch (NumberFormatException e) {
            throw new CurlException(2, "option " + o + ": is badly used here", List.of("invalid number specified for rate"), true);
        }
        String unit = v.substring(i);
        long mult = switch (unit.length() == 1 ? unit : unit.isEmpty() ? "b" : "w") {
            case "G", "g" -> 1L << 30;
            case "M", "m" -> 1L << 20;
            case "K", "k" -> 1L << 10;
            case "B", "b" -> 1;
            default -> throw new CurlException(2, "option " + o + ": is badly used here",
                    List.of("unsupported rate unit. Use G, M, K or B!"), true);
        };
        if (value > Long.MAX_VALUE / mult) {
            throw new CurlException(2, "option " + o + ": too large number"); // as the real curl 7.88.1 says for 99999999999G
        }
        return value * mult;
    }

    /** The wire versions offered, highest first (empty when the maximum is below the minimum). */
    List<Integer> versions() {
        List<Integer> out = new ArrayList<>();
        for (int v = maxVersion; v >= minVersion; v--) {
            out.add(v);
        }
        return out;
    }

    /** Whether these options change curl's default ClientHello. */
    boolean changesHello() {
        return minVersion != TLS1_0 || maxVersion != TLS1_3 || ciphers != null || tls13Ciphers != null;
    }

    /** The TLS 1.2-and-below suites of --ciphers in its order, or null when none is known (exit 59). */
    static List<Integer> cipherList(String list) {
        List<Integer> out = new ArrayList<>();
        for (String name : list.split("[:, ]")) {
            if (name.equals("DEFAULT") || name.equals("ALL") || name.equals("HIGH")) {
                for (String[] s : SUITES) {
                    int c = Integer.parseInt(s[1], 16);
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
            } else if (name.startsWith("!") || name.startsWith("-")) {
                Integer c = code(SUITES, name.substring(1));
                if (c != null) {
                    out.remove(c);
                }
            } else {
                Integer c = code(SUITES, name);
                if (c != null && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The TLS 1.3 suites of --tls13-ciphers in its order, or null when none is known (exit 59). */
    static List<Integer> tls13List(String list) {
        List<Integer> out = new ArrayList<>();
        for (String name : list.split(":")) {
            Integer c = code(SUITES13, name);
            if (c != null && !out.contains(c)) {
                out.add(c);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static Integer code(String[][] table, String name) {
        for (String[] s : table) {
            if (s[0].equals(name)) {
                return Integer.parseInt(s[1], 16);
            }
        }
        return null;
    }

    /**
     * curl's ClientHello with these options: the TLS 1.3 suites (--tls13-ciphers or OpenSSL's
     * three), then --ciphers' (or the default list), cut down to the versions offered as OpenSSL
     * does ({@link ClientHelloProfile#forVersions}). Call only once the lists are known to be valid.
     */
    ClientHelloProfile profile(ClientHelloProfile base) {
        List<Integer> suites = new ArrayList<>(tls13Ciphers == null ? DEFAULT13 : tls13List(tls13Ciphers));
        if (ciphers == null) {
            base.cipherSuites().stream().filter(c -> c >>> 8 != 0x13).forEach(suites::add);
        } else {
            suites.addAll(cipherList(ciphers));
        }
        return base.withCipherSuites(suites).forVersions(versions());
    }

    /**
     * What curl's ossl_connect_step1 refuses before any byte of TLS is sent: a --tls-max below
     * the minimum version (exit 35), a --ciphers or --tls13-ciphers list without a suite OpenSSL
     * knows (exit 59); null when the options are fine.
     */
    CurlException setupError() {
        if (maxVersion < minVersion) {
            return new CurlException(35, "CURL_SSLVERSION_MAX incompatible with CURL_SSLVERSION");
        }
        if (ciphers != null && cipherList(ciphers) == null) {
            return new CurlException(59, "failed setting cipher list: " + ciphers);
        }
        if (tls13Ciphers != null && tls13List(tls13Ciphers) == null) {
            return new CurlException(59, "failed setting TLS 1.3 cipher suite: " + tls13Ciphers);
        }
        return null;
    }

    /** {@code o} offering these versions and suites (unchanged for curl's defaults or options curl refuses). */
    ConnectOptions apply(ConnectOptions o) {
        if (!changesHello() || setupError() != null
                || profile(ClientHelloProfile.CURL_OPENSSL3).cipherSuites().stream().allMatch(c -> c == 0x00ff)) {
            return o;
        }
        return o.withProtocols(versions().stream().map(v -> v == TLS1_0 ? "TLSv1" : "TLSv1." + ((v & 0xff) - 1))
                .toArray(String[]::new)).withProfile(profile(ClientHelloProfile.CURL_OPENSSL3));
    }
}
