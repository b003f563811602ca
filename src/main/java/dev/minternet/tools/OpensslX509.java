package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import dev.minternet.node.Node;
import dev.minternet.services.web.Certificates;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.tls.WorldTls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code openssl x509 -in FILE [-noout] [-text] [-subject] [-issuer] [-dates] [-serial]
 * [-fingerprint] [-DIGEST]}: the first certificate of a PEM file, printed in the order the
 * options are given, then (without {@code -noout}) the certificate itself in PEM.
 *
 * <p>The files: {@code /etc/ssl/certs/ca-certificates.crt} is the node's trusted roots (what curl
 * and s_client verify against), {@code /etc/ssl/certs/NAME.pem} the chain a TLS service on the
 * node serves for NAME (leaf first, as a fullchain file); any other name is read from the
 * scenario's folder ({@link FilePolicy}). These paths are modelled: a node has no file system.
 */
final class OpensslX509 {
    /** The trust bundle's path on Debian, as curl reports it. */
    static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
    static final String CERTS_DIR = "/etc/ssl/certs/";

    private OpensslX509() {
    }

    static void run(Node node, List<String> args, Terminal term) {
        String in = null;
        boolean noout = false;
        String digest = null;
        List<String> prints = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String o = args.get(i);
            switch (o) {
                case "-in" -> {
                    if (i + 1 >= args.size()) {
                        term.println("x509: Option -in needs a value");
                        term.println("x509: Use -help for summary.");
                        term.exit(1);
                        return;
                    }
                    in = args.get(++i);
                }
                case "-noout" -> noout = true;
                case "-text", "-subject", "-issuer", "-dates", "-serial", "-fingerprint" -> prints.add(o);
                default -> {
                    if (!o.startsWith("-") || o.length() < 2) {
                        term.println("x509: Use -help for summary.");
                        term.exit(1);
                        return;
                    }
                    digest = o.substring(1); // as apps/x509.c, any other option names a digest
                }
            }
        }
        if (in == null) {
            term.println("x509: reading a certificate from standard input is not modelled; give -in FILE");
            term.exit(1);
            return;
        }
        byte[] pem = load(node, in, term);
        if (pem == null) {
            term.exit(1);
            return;
        }
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException | ClassCastException e) {
            term.println("Could not read certificate from " + in);
            term.println("Unable to load certificate");
            term.exit(1);
            return;
        }
        List<String> out = new ArrayList<>();
        for (String p : prints) {
            switch (p) {
                case "-text" -> out.addAll(X509Text.text(c));
                case "-subject" -> out.add(X509Text.subject(c));
                case "-issuer" -> out.add(X509Text.issuer(c));
                case "-dates" -> out.addAll(X509Text.dates(c));
                case "-serial" -> out.add(X509Text.serialLine(c));
                default -> {
                    String line = fingerprint(c, digest);
                    if (line == null) {
                        out.forEach(term::println);
                        term.println("Unknown digest");
                        term.println(Openssl.ERROR_PREFIX + "0308010C:digital envelope routines:inner_evp_generic_fetch:"
                                + "unsupported:../crypto/evp/evp_fetch.c:386:Global default library context, Algorithm ("
                                + digest + " : 0), Properties (<null>)");
                        term.exit(1);
                        return;
                    }
                    out.add(line);
                }
            }
        }
        if (!noout) {
            out.addAll(CertText.pem(c));
        }
        out.forEach(term::println);
        term.exit(0);
    }

    /** {@code SHA1 Fingerprint=AB:...} by default; with {@code -sha256}, labelled as typed. Null: unknown digest. */
    static String fingerprint(X509Certificate c, String digest) {
        if (digest == null) {
            return X509Text.fingerprint(c);
        }
        String java = switch (digest.toLowerCase(Locale.ROOT)) {
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> null;
        };
        return java == null ? null : X509Text.fingerprint(c, digest, java);
    }

    /** The bytes of {@code name} on {@code node}, or null after printing OpenSSL's error. */
    private static byte[] load(Node node, String name, Terminal term) {
        if (name.equals(CA_BUNDLE)) {
            return pemOf(WorldTls.of(node.world()).trustStore(node.name()).roots());
        }
        if (name.startsWith(CERTS_DIR) && name.endsWith(".pem")) {
            String host = name.substring(CERTS_DIR.length(), name.length() - ".pem".length());
            TlsIdentity id = Certificates.of(node.world()).served(node.name(), host);
            if (id != null) {
                return pemOf(id.chain());
            }
        }
        try {
            if (name.startsWith("/etc/ssl/")) {
                throw new NoSuchFileException(name); // the modelled folder holds only the files above
            }
            return term.files().read(name);
        } catch (IOException e) {
            term.println("Could not open file or uri for loading certificate from " + name);
            term.println(Openssl.ERROR_PREFIX + "16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:"
                    + "../crypto/store/store_register.c:237:scheme=file");
            term.println(Openssl.ERROR_PREFIX + "80000002:system library:file_open:" + FilePolicy.reason(e)
                    + ":../providers/implementations/storemgmt/file_store.c:266:calling stat(" + name + ")");
            term.println("Unable to load certificate");
            return null;
        }
    }

    private static byte[] pemOf(List<X509Certificate> certs) {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : certs) {
            for (String l : CertText.pem(c)) {
                b.append(l).append('\n');
            }
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
