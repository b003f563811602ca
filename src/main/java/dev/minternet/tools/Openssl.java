package dev.minternet.tools;

import dev.minternet.endpoint.Attempt;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.node.Node;
import dev.minternet.tls.ClientHelloProfile;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.tls.TlsSessionInfo;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tls.WorldTls;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code openssl}, OpenSSL 3.0's command-line tool, with the subcommands articles use: {@code
 * s_client} (a TLS handshake and its summary) and {@code x509} (a certificate as text). Input is
 * always at end of file (as with {@code </dev/null}): s_client prints its report, "DONE", sends
 * close_notify and exits 0 whatever the verification said, as the real one does.
 */
public final class Openssl implements Tool {
    /** The thread id OpenSSL prefixes its error lines with (a real one differs per process). */
    static final String ERROR_PREFIX = "40E7C2A1F17F0000:error:";

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public String synopsis() {
        return "openssl s_client -connect host:port [-servername name] [-showcerts] [-alpn protos] [-brief]"
                + " [-tls1_2|-tls1_3] [-no_tls1_2] [-no_tls1_3]"
                + " | openssl x509 -in file [-noout] [-text] [-subject] [-issuer] [-dates] [-serial] [-fingerprint]";
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        if (args.isEmpty()) {
            term.println("openssl: a subcommand is needed: s_client, x509");
            term.exit(1);
            return;
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "s_client" -> sClient(node, rest, term);
            case "x509" -> OpensslX509.run(node, rest, term);
            default -> {
                term.println("Invalid command '" + args.get(0) + "'; type \"help\" for a list.");
                term.exit(1);
            }
        }
    }

    /** s_client's options as parsed from its command line. */
    record SClientArgs(String host, int port, String serverName, boolean showcerts, List<String> alpn, boolean brief,
                       List<String> protocols) {
        static SClientArgs parse(List<String> args) {
            String connect = "localhost:4433";
            String sni = null;
            boolean showcerts = false;
            boolean brief = false;
            List<String> alpn = List.of();
            // apps/s_client.c: -tls1_2 and -tls1_3 each set the min and max version; -no_tls1_x take one out
            List<String> only = new ArrayList<>();
            List<String> without = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String o = args.get(i);
                boolean takesValue = o.equals("-connect") || o.equals("-servername") || o.equals("-alpn");
                if (takesValue && i + 1 >= args.size()) {
                    throw new IllegalArgumentException("s_client: Option " + o + " needs a value");
                }
                switch (o) {
                    case "-connect" -> connect = args.get(++i);
                    case "-servername" -> sni = args.get(++i);
                    case "-alpn" -> alpn = List.of(args.get(++i).split(","));
                    case "-showcerts" -> showcerts = true;
                    case "-brief" -> brief = true;
                    case "-tls1_2" -> only.add("TLSv1.2");
                    case "-tls1_3" -> only.add("TLSv1.3");
                    case "-no_tls1_2" -> without.add("TLSv1.2");
                    case "-no_tls1_3" -> without.add("TLSv1.3");
                    default -> throw new IllegalArgumentException("s_client: Unknown option: " + o);
                }
            }
            if (only.size() > 1) {
                throw new ProtocolFlags("Cannot supply multiple protocol flags");
            }
            if (!only.isEmpty() && !without.isEmpty()) {
                throw new ProtocolFlags("Cannot supply both a protocol flag and '-no_<prot>'");
            }
            List<String> protocols = null;
            if (!only.isEmpty()) {
                protocols = only;
            } else if (!without.isEmpty()) {
                protocols = new ArrayList<>(List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"));
                protocols.removeAll(without);
            }
            int colon = connect.lastIndexOf(':');
            if (colon <= 0 || colon == connect.length() - 1) {
                throw new IllegalArgumentException("s_client: -connect argument or target parameter malformed or ambiguous");
            }
            int port;
            try {
                port = Integer.parseInt(connect.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = connect.substring(colon + 1).toLowerCase(Locale.ROOT).equals("https") ? 443 : -1;
            }
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("s_client: -connect argument or target parameter malformed or ambiguous");
            }
            String host = connect.substring(0, colon);
            // OpenSSL 3 sends the -connect host as SNI unless -servername says otherwise
            return new SClientArgs(host, port, sni == null ? host : sni, showcerts, alpn, brief, protocols);
        }
    }

    /** A protocol flag conflict: s_client says only this, without "Use -help for summary." */
    static final class ProtocolFlags extends IllegalArgumentException {
        ProtocolFlags(String message) {
            super(message);
        }
    }

    private static void sClient(Node node, List<String> argv, Terminal term) {
        SClientArgs a;
        try {
            a = SClientArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            if (!(e instanceof ProtocolFlags)) {
                term.println("s_client: Use -help for summary.");
            }
            term.exit(1);
            return;
        }
        Names.resolve(node, a.host(), addr -> {
            if (addr == 0) {
                term.println(ERROR_PREFIX + "10000080:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known");
                term.println("connect:errno=0");
                term.exit(1);
                return;
            }
            new SClient(node, a, term).connect(addr);
        });
    }

    /** One s_client run: TCP, the handshake without giving up on verification (as s_client), the report. */
    private static final class SClient implements Steps {
        final Node node;
        final SClientArgs a;
        final Terminal term;
        TcpConnection tcp;
        Attempt attempt;
        boolean done;

        SClient(Node node, SClientArgs a, Terminal term) {
            this.node = node;
            this.a = a;
            this.term = term;
        }

        void connect(int addr) {
            // s_client reports verification but goes on: the engine runs "insecure" and says why it would fail
            ConnectOptions o = new ConnectOptions(true, a.alpn()).withProfile(ClientHelloProfile.OPENSSL_S_CLIENT);
            if (a.protocols() != null) {
                o = o.withProtocols(a.protocols().toArray(new String[0]));
            }
            HttpClient.Options http = new HttpClient.Options(a.serverName(), "openssl", false, "https", 0);
            attempt = Endpoints.connect(node, Dial.https(addr, a.port(), a.serverName(), http).withTls(o), this);
        }

        @Override
        public void tcpConnected(StreamSocket s) {
            tcp = s instanceof TcpStreamSocket t ? t.connection() : null;
        }

        @Override
        public void tlsDone(TlsStreamSocket t) {
            if (done) {
                return;
            }
            done = true;
            TlsSessionInfo s = t.session();
            WorldTls w = WorldTls.of(node.world());
            SClientText.Verification v = SClientText.verify(s.peerCertificates(), w.trustStore(node.name()), node.world().date());
            List<String> out = new ArrayList<>();
            if (a.brief()) {
                out.addAll(errorsOnly(v.lines()));
                out.addAll(SClientText.brief(s, v));
            } else {
                out.addAll(v.lines());
                out.add("CONNECTED(00000003)");
                long read = tcp == null ? 0 : tcp.bytesDelivered();
                long written = s.tls12() != null ? t.connection().bytesSent() : written(s);
                out.addAll(SClientText.summary(s, v, a.showcerts(), read, written, node.world().date().getEpochSecond()));
            }
            out.add("DONE");
            out.forEach(term::println);
            t.close();
            term.exit(0);
        }

        /**
         * What the client wrote by the end of the handshake: its ClientHello record (what the
         * server's flight acknowledged), the compatibility change_cipher_spec (6 bytes, RFC 8446
         * D.4), and its Finished in one encrypted record (header, verify data, content type, tag).
         */
        long written(TlsSessionInfo s) {
            long hello = tcp == null ? 0 : tcp.bytesAcked();
            int hash = s.cipherSuite().endsWith("SHA384") ? 48 : 32;
            return hello + 6 + 5 + 4 + hash + 1 + 16;
        }

        @Override
        public void ready(HttpClient client) {
            // not reached: tlsDone closes the connection
        }

        @Override
        public void failed(Failure f) {
            if (done) {
                return;
            }
            done = true;
            if (f.stage() == Stage.TLS && f.tls() != null && f.tls().detail().equals("protocol_version")) {
                // the server takes no version offered: s_client reports the handshake that never was
                term.println("CONNECTED(00000003)");
                term.println(ERROR_PREFIX + "0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:"
                        + "../ssl/record/rec_layer_s3.c:1601:SSL alert number 70");
                SClientText.noSession(tcp == null ? 0 : tcp.bytesDelivered(), tcp == null ? 0 : tcp.bytesAcked(),
                        a.protocols() != null && !a.protocols().contains("TLSv1.2"),
                        node.world().date().getEpochSecond()).forEach(term::println);
            } else if (f.stage() == Stage.TLS) {
                term.println("CONNECTED(00000003)");
                term.println(ERROR_PREFIX + "0A000410:SSL routines:ssl3_read_bytes:ssl/tls alert handshake failure:"
                        + "../ssl/record/rec_layer_s3.c:1601:SSL alert number 40");
            } else {
                term.println(ERROR_PREFIX + "8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:114:calling connect()");
                term.println(ERROR_PREFIX + "10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:116:");
                term.println("connect:errno=111");
            }
            term.exit(1);
        }
    }

    /** -brief quiets the callback: only the depth and error lines of failed checks remain. */
    static List<String> errorsOnly(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("depth=") && i + 1 < lines.size() && lines.get(i + 1).startsWith("verify error:")) {
                out.add(lines.get(i));
                out.add(lines.get(i + 1));
            }
        }
        return out;
    }
}
