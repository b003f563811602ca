package dev.minternet.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a client offers in its ClientHello (RFC 8446 section 4.1.2): versions, cipher suites,
 * groups, key shares, signature algorithms, and which extensions in which order. The simulated
 * curl and browser offer what their real namesakes offer, read from real ClientHellos with
 * {@code tshark -V} (the oracle test {@code ClientHelloOracleTest} compares against the real
 * programs on this machine).
 *
 * <p>{@link #CURL_OPENSSL3}: curl 8 built with OpenSSL 3.0 (Debian 12), default options: 30
 * cipher suites plus TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS 1.3 to 1.0, ten groups with one key
 * share (x25519), twenty signature algorithms, no session_ticket, and OpenSSL's padding
 * extension to 512 bytes (the F5 workaround). What BouncyCastle cannot reproduce: it writes
 * zero-length extensions (encrypt_then_mac, extended_master_secret, post_handshake_auth) first,
 * where OpenSSL writes them after ALPN.
 */
public record ClientHelloProfile(String name, List<Integer> versions, List<Integer> cipherSuites,
                                 List<Integer> groups, List<Integer> keyShares, List<Integer> signatureAlgorithms,
                                 List<Integer> extensionOrder, boolean padTo512) {
    // Extension types, RFC 8446 section 4.2 and the IANA registry.
    static final int SERVER_NAME = 0;
    static final int SUPPORTED_GROUPS = 10;
    static final int EC_POINT_FORMATS = 11;
    static final int SIGNATURE_ALGORITHMS = 13;
    static final int ALPN = 16;
    static final int PADDING = 21;
    static final int ENCRYPT_THEN_MAC = 22;
    static final int EXTENDED_MASTER_SECRET = 23;
    static final int SESSION_TICKET = 35;
    static final int SUPPORTED_VERSIONS = 43;
    static final int PSK_KEY_EXCHANGE_MODES = 45;
    static final int POST_HANDSHAKE_AUTH = 49;
    static final int KEY_SHARE = 51;
    static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

    public ClientHelloProfile {
        versions = List.copyOf(versions);
        cipherSuites = List.copyOf(cipherSuites);
        groups = List.copyOf(groups);
        keyShares = List.copyOf(keyShares);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        extensionOrder = List.copyOf(extensionOrder);
    }

    /** curl 8 with OpenSSL 3.0, default options. */
    public static final ClientHelloProfile CURL_OPENSSL3 = new ClientHelloProfile("curl/OpenSSL 3",
            List.of(0x0304, 0x0303, 0x0302, 0x0301),
            List.of(0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e,
                    0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033,
                    0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f),
            List.of(0x001d, 0x0017, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104),
            List.of(0x001d),
            List.of(0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806,
                    0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602),
            List.of(SERVER_NAME, EC_POINT_FORMATS, SUPPORTED_GROUPS, ALPN, ENCRYPT_THEN_MAC, EXTENDED_MASTER_SECRET,
                    POST_HANDSHAKE_AUTH, SIGNATURE_ALGORITHMS, SUPPORTED_VERSIONS, PSK_KEY_EXCHANGE_MODES, KEY_SHARE,
                    PADDING),
            true);

    /**
     * {@code openssl s_client} (OpenSSL 3.0) without options: curl's suites, groups, key share and
     * signature algorithms, with OpenSSL's extension order and its empty session_ticket (RFC 5077;
     * curl turns tickets off), no post_handshake_auth and no padding (curl asks for both). Read
     * from the real s_client's ClientHellos with tshark.
     */
    public static final ClientHelloProfile OPENSSL_S_CLIENT = new ClientHelloProfile("openssl s_client",
            CURL_OPENSSL3.versions, CURL_OPENSSL3.cipherSuites, CURL_OPENSSL3.groups, CURL_OPENSSL3.keyShares,
            CURL_OPENSSL3.signatureAlgorithms,
            List.of(SERVER_NAME, EC_POINT_FORMATS, SUPPORTED_GROUPS, SESSION_TICKET, ALPN, ENCRYPT_THEN_MAC,
                    EXTENDED_MASTER_SECRET, SIGNATURE_ALGORITHMS, SUPPORTED_VERSIONS, PSK_KEY_EXCHANGE_MODES, KEY_SHARE),
            false);

    /**
     * This offer as OpenSSL makes it for the wire versions {@code offered} (its min and max
     * protocol versions, as {@code -tls1_2} or {@code --tls-max 1.2} set them): without TLS 1.3 no
     * TLS 1.3 suites, no supported_versions, key_share, psk_key_exchange_modes or
     * post_handshake_auth (OpenSSL's TLS1_3_ONLY extensions; sending their placeholders made
     * servers answer decode_error) and no FFDHE groups (OpenSSL 3.0 offers them for TLS 1.3
     * only); with only TLS 1.3 no TLS 1.2 suites, and no signature algorithm TLS 1.3 forbids
     * (SHA-224, DSA) but still TLS_EMPTY_RENEGOTIATION_INFO_SCSV; below TLS 1.2 only the suites TLS 1.0 has (SHA-1 CBC ones) and no
     * signature_algorithms extension (RFC 5246 7.4.1.4.1: TLS 1.2's); without TLS 1.3 and
     * without an ECC suite, no supported_groups and ec_point_formats (OpenSSL's use_ecc). Read from the real curl
     * 7.88.1's ClientHellos (src/test/resources/reference/curl-7.88.1/).
     */
    public ClientHelloProfile forVersions(List<Integer> offered) {
        if (offered.equals(versions)) {
            return this;
        }
        boolean v13 = offered.contains(0x0304);
        boolean below = offered.stream().anyMatch(v -> v < 0x0304);
        boolean v12 = offered.stream().anyMatch(v -> v >= 0x0303);
        List<Integer> suites = new java.util.ArrayList<>(cipherSuites.stream()
                .filter(c -> (c >>> 8 == 0x13) ? v13 : below && (v12 || TLS10_SUITES.contains(c))).toList());
        if (!below) {
            suites.add(TLS_EMPTY_RENEGOTIATION_INFO_SCSV); // OpenSSL sends it with TLS 1.3 alone too; the engine would not
        }
        List<Integer> sigs = below ? signatureAlgorithms : signatureAlgorithms.stream()
                .filter(c -> c >>> 8 != 0x03 && !((c & 0xff) == 0x02 && c >>> 8 <= 0x06)).toList();
        List<Integer> order = extensionOrder.stream()
                .filter(t -> v13 || (t != SUPPORTED_VERSIONS && t != KEY_SHARE && t != PSK_KEY_EXCHANGE_MODES && t != POST_HANDSHAKE_AUTH))
                .filter(t -> v12 || t != SIGNATURE_ALGORITHMS)
                .filter(t -> v13 || usesEcc(suites) || (t != SUPPORTED_GROUPS && t != EC_POINT_FORMATS))
                .toList();
        List<Integer> g = v13 ? groups : groups.stream().filter(x -> x >>> 8 != 0x01).toList();
        return new ClientHelloProfile(name, offered, suites, g, v13 ? keyShares : List.of(), sigs, order, padTo512);
    }

    /** OpenSSL's use_ecc: an ECDHE or ECDSA suite among {@code suites} (TLS 1.3 aside), else no groups or point formats to send. */
    private static boolean usesEcc(List<Integer> suites) {
        return suites.stream().anyMatch(c -> c >>> 8 == 0xc0 || c == 0xcca8 || c == 0xcca9 || c == 0xccac);
    }

    /** The suites of curl's list that TLS 1.0 and 1.1 can use (the others need TLS 1.2's PRF or AEADs). */
    private static final List<Integer> TLS10_SUITES = List.of(0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x0035, 0x002f);

    /** This offer with {@code suites} (TLS 1.3's and the rest, in order) instead, as curl's --ciphers and --tls13-ciphers set them. */
    public ClientHelloProfile withCipherSuites(List<Integer> suites) {
        return new ClientHelloProfile(name, versions, suites, groups, keyShares, signatureAlgorithms, extensionOrder, padTo512);
    }

    /** True when the profile offers a version below TLS 1.3 (then the SCSV is appended, RFC 5746). */
    boolean offersPreTls13() {
        return versions.stream().anyMatch(v -> v < 0x0304);
    }

    /**
     * The extensions in order, with their bodies; supported_versions and key_share get
     * placeholders of their final size, which BouncyCastle replaces in place.
     *
     * @param sni  the host name to send, or "" for none (an IP literal)
     * @param alpn the protocols to offer, or empty for no ALPN extension
     */
    OrderedExtensions extensions(String sni, List<String> alpn) {
        OrderedExtensions ext = new OrderedExtensions();
        for (int type : extensionOrder) {
            byte[] body = switch (type) {
                case SERVER_NAME -> sni.isEmpty() ? null : serverName(sni);
                case EC_POINT_FORMATS -> new byte[] {3, 0, 1, 2};
                case SUPPORTED_GROUPS -> u16List(groups);
                case ALPN -> alpn.isEmpty() ? null : alpn(alpn);
                case ENCRYPT_THEN_MAC, EXTENDED_MASTER_SECRET, POST_HANDSHAKE_AUTH, SESSION_TICKET -> new byte[0];
                case SIGNATURE_ALGORITHMS -> u16List(signatureAlgorithms);
                case SUPPORTED_VERSIONS -> new byte[1 + 2 * versions.size()];
                case PSK_KEY_EXCHANGE_MODES -> new byte[] {1, 1}; // psk_dhe_ke
                case KEY_SHARE -> new byte[2 + keyShares.stream().mapToInt(g -> 4 + keyShareLength(g)).sum()];
                case PADDING -> null; // below, once the rest is known
                default -> throw new IllegalStateException("no encoding for extension " + type);
            };
            if (body != null) {
                ext.put(type, body);
            }
        }
        if (padTo512 && extensionOrder.contains(PADDING)) {
            int length = helloLengthWithout(ext);
            // OpenSSL's F5 workaround: a ClientHello of 256..511 bytes (handshake header included)
            // is padded to 512; the extension is at least 1 byte long.
            if (length > 0xff && length < 0x200) {
                ext.put(PADDING, new byte[Math.max(1, 0x200 - length - 4)]);
            }
        }
        return ext;
    }

    /**
     * The ClientHello's length with these extensions: header, version, random, session id (32
     * bytes in TLS 1.3's compatibility mode, else none), suites, compression. Offering TLS 1.3
     * alone, the engine leaves out extended_master_secret (a TLS 1.2 extension OpenSSL still
     * sends), so it is not counted: the padding still makes 512 bytes.
     */
    private int helloLengthWithout(OrderedExtensions ext) {
        int suites = cipherSuites.size() + (offersPreTls13() ? 1 : 0);
        int n = 4 + 2 + 32 + 1 + (versions.contains(0x0304) ? 32 : 0) + 2 + 2 * suites + 2 + 2;
        for (Object k : ext.keySet()) {
            if (offersPreTls13() || !k.equals(EXTENDED_MASTER_SECRET)) {
                n += 4 + ((byte[]) ext.get(k)).length;
            }
        }
        return n;
    }

    static int keyShareLength(int group) {
        return switch (group) {
            case 0x001d -> 32;
            case 0x001e -> 56;
            case 0x0017 -> 65;
            case 0x0018 -> 97;
            case 0x0019 -> 133;
            default -> throw new IllegalArgumentException("no key share size for group " + group);
        };
    }

    private static byte[] serverName(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, name.length + 3);
        o.write(0); // host_name
        u16(o, name.length);
        o.writeBytes(name);
        return o.toByteArray();
    }

    private static byte[] alpn(List<String> protocols) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String p : protocols) {
            byte[] b = p.getBytes(StandardCharsets.US_ASCII);
            list.write(b.length);
            list.writeBytes(b);
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, list.size());
        o.writeBytes(list.toByteArray());
        return o.toByteArray();
    }

    private static byte[] u16List(List<Integer> values) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, 2 * values.size());
        values.forEach(v -> u16(o, v));
        return o.toByteArray();
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >>> 8);
        o.write(v);
    }
}
