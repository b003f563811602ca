package dev.minternet.tools.curl;

import dev.minternet.files.FilePolicy;
import dev.minternet.files.FileRefusedException;
import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.sim.Durations;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code curl}: one HTTP or HTTPS transfer, the way curl 8.5 does it and says it. Name lookup
 * ({@code --resolve}, a literal address, the world's hosts table, then the node's stub resolver:
 * DNS over the simulated network, timed in time_namelookup), a TCP connect, for https a
 * TLS 1.3 handshake offering ALPN h2 and http/1.1 and verifying the chain against the node's
 * trust store at the simulated date ({@code -k} goes on regardless), then one request on HTTP/2
 * or HTTP/1.1 ({@link CurlTransfer}); with {@code -L} a 3xx's Location is requested next, on the
 * connection left intact when the origin is the same. {@code -v} prints curl's {@code *}, {@code >}
 * and {@code <} lines; {@code -w} prints the write-out variables with the simulated timings. Exit
 * codes and messages are curl's: 1 a reply that is not HTTP/1.x (plain HTTP to a TLS port), 3 a
 * redirect to no URL, 6 could not resolve, 7 failed to connect, 28 timeout, 35 TLS handshake (a version or suite the server will not take too), 59 an unknown --ciphers list, 47 too
 * many redirects, 52 empty reply, 56 receive failure, 60 certificate.
 */
public final class Curl implements Tool {
    /** curl's own connect timeout when none is given (CURL_TIMEOUT_CONNECT_DEFAULT). */
    static final long DEFAULT_CONNECT_TIMEOUT_NS = 300 * Durations.S;

    @Override
    public String name() {
        return "curl";
    }

    @Override
    public String synopsis() {
        return "curl [-v] [-s] [-S] [-i] [-I] [-k] [-f|--fail-with-body] [-L] [--max-redirs n] [--hsts file] [-H h] [-X m] [-A ua] [-e url[;auto]]"
                + " [-u user:pw] [-d data|@file] [--data-binary data] [--data-raw data] [--data-urlencode [name]=text|[name]@file]"
                + " [--json data|@file] [-G] [--url-query [name]=text] [-F name=value|@file|<file] [-T file] [-r range]"
                + " [-0|--http1.0|--http1.1|--http2|--http2-prior-knowledge] [-4|-6] [-o file] [-O] [--remote-name-all] [-D file] [-w fmt] [--resolve host:port:addr] [--connect-timeout s] [-m s] [-N] [--compressed]"
                + " [-b name=value|file] [-c file] [-j] [--retry n] [--retry-delay s] [--retry-max-time s] [--retry-connrefused]"
                + " [--retry-all-errors] [-1|--tlsv1|--tlsv1.0|--tlsv1.1|--tlsv1.2|--tlsv1.3] [--tls-max version]"
                + " [--ciphers list] [--tls13-ciphers list] [--limit-rate speed] [--no-keepalive] URL";
    }

    /** What {@code curl -V} prints: curl 8.5.0's lines, naming only the protocols and features modelled here. */
    static final String VERSION = """
            curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 nghttp2/1.59.0
            Release-Date: 2023-12-06
            Protocols: http https
            Features: AsynchDNS brotli HSTS HTTP2 IPv6 Largefile libz SSL threadsafe zstd
            """;

    /** What {@code curl --help} prints (curl 7.73 to 8.5 alike): the short menu. */
    static final String HELP = """
            Usage: curl [options...] <url>
             -d, --data <data>          HTTP POST data
             -f, --fail                 Fail fast with no output on HTTP errors
             -h, --help <category>      Get help for commands
             -i, --include              Include protocol response headers in the output
             -o, --output <file>        Write to file instead of stdout
             -O, --remote-name          Write output to a file named as the remote file
             -s, --silent               Silent mode
             -T, --upload-file <file>   Transfer local FILE to destination
             -u, --user <user:password> Server user and password
             -A, --user-agent <name>    Send User-Agent <name> to server
             -v, --verbose              Make the operation more talkative
             -V, --version              Show version number and quit

            This is not the full help, this menu is stripped into categories.
            Use "--help category" to get an overview of all categories.
            For all options use the manual or "--help all".
            """;

    /** {@link #VERSION} or {@link #HELP} when the words ask for one (curl prints it and exits 0, whatever else they hold), else null. */
    static String info(List<String> args) {
        for (String a : args) {
            if (a.equals("-V") || a.equals("--version")) {
                return VERSION;
            }
            if (a.equals("-h") || a.equals("--help")) {
                return HELP;
            }
        }
        return null;
    }

    @Override
    public void validate(List<String> args) {
        if (info(args) != null) {
            return;
        }
        try {
            CurlArgs.parse(args);
        } catch (CurlException e) {
            String w = e.warnings().isEmpty() ? "" : e.warnings().get(0);
            throw new IllegalArgumentException(e.line() == null ? w : e.line().replaceFirst("^curl: ", ""));
        }
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        String info = info(args);
        if (info != null) {
            info.lines().forEach(term::println);
            term.exit(0);
            return;
        }
        CurlArgs parsed;
        try {
            parsed = CurlArgs.parse(args);
        } catch (CurlException e) {
            if (!silentIn(args)) {
                e.warnings().forEach(w -> CurlUpload.warningLines(w).forEach(term::println));
            }
            if (e.line() != null && (!args.isEmpty() || e.exitCode() != 2)) {
                term.println(e.line()); // a bare curl prints only the hint
            }
            if (e.hint()) {
                term.println("curl: try 'curl --help' or 'curl --manual' for more information");
            }
            term.exit(e.exitCode());
            return;
        }
        // -d @file reads from the scenario's folder (FilePolicy); curl warns and sends the rest
        if (!parsed.silent()) {
            parsed.x().warnings().forEach(w -> CurlUpload.warningLines(w).forEach(term::println));
        }
        CurlArgs a;
        try {
            a = parsed.withData(name -> term.files().read(name), (name, e) -> {
                if (!parsed.silent()) {
                    term.println("Warning: Couldn't read data from file \"" + name + "\", this makes an empty POST."
                            + (e instanceof FileRefusedException ? " " + e.getMessage() : ""));
                }
            });
            a = CurlUpload.prepare(a, node, term);
        } catch (CurlException e) {
            if (!parsed.silent() || parsed.showError()) {
                term.println(e.line()); // -G data that makes no URL: curl's (3); -T, -F files it cannot read: (26)
            }
            term.exit(e.exitCode());
            return;
        }
        a = CurlUpload.remoteName(a, term);
        if (a == null) {
            return;
        }
        if (a.asksPassword()) {
            // curl reads the password from the terminal; a simulated shell types none (an empty password)
            term.println("Enter host password for user '" + a.userName() + "':");
        }
        CurlTransfer.Chain chain = new CurlTransfer.Chain(node.sim().now());
        if (a.hstsFile() != null) {
            chain.hsts = CurlHsts.read(NodeFiles.of(node).read(a.hstsFile()), CurlHsts.epochSeconds(node));
        }
        CurlArgs first = CurlHsts.upgraded(a, chain.hsts, term, node);
        if (a.x().retry().retries() > 0) {
            chain.retry = new CurlRetry(a.x().retry(), first, node.sim().now());
        }
        new CurlTransfer(node, first, term, cookieEngine(node, a), chain).begin();
    }

    /** Whether the words hold -s (--silent, or 's' among combined short flags before any that takes a value). */
    static boolean silentIn(List<String> args) {
        for (String a : args) {
            if (a.equals("--silent")) {
                return true;
            }
            if (a.startsWith("-") && !a.startsWith("--")) {
                for (int k = 1; k < a.length(); k++) {
                    if (a.charAt(k) == 's') {
                        return true;
                    }
                    if ("XHAdwombcDueFTr".indexOf(a.charAt(k)) >= 0) {
                        break; // the rest is this option's value
                    }
                }
            }
        }
        return false;
    }

    /**
     * Where a Location sends the request after {@code from}: resolved against it (RFC 3986 5.2:
     * "/x", "x", "//host/x" and absolute URLs), or null when it is not a URL curl can parse.
     */
    static String resolveLocation(CurlArgs.CurlUrl from, String location) {
        try {
            java.net.URI base = new java.net.URI(from.toString());
            java.net.URI next = base.resolve(new java.net.URI(location.strip()));
            return next.getScheme() == null || next.getRawAuthority() == null ? null : next.toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The cookie engine when {@code -b FILE} or {@code -c FILE} starts it (null otherwise): the
     * files {@code -b} names, read from the node's file area (a missing one is skipped silently,
     * as curl does), session cookies dropped with {@code -j}.
     */
    static CurlCookies cookieEngine(Node node, CurlArgs a) {
        if (!a.cookies().engine()) {
            return null;
        }
        CurlCookies c = new CurlCookies();
        for (String f : a.cookies().files()) {
            String text = NodeFiles.of(node).read(f);
            if (text != null) {
                c.read(text, a.cookies().junkSession());
            }
        }
        return c;
    }

    @Override
    public List<FileArg> files(List<String> args) {
        try {
            CurlArgs a = CurlArgs.parse(args);
            List<FileArg> out = new ArrayList<>();
            for (String f : a.dataFiles()) {
                out.add(new FileArg("-d", f, false));
            }
            if (a.x().uploadFile() != null) {
                out.add(new FileArg("-T", a.x().uploadFile(), false));
            }
            for (CurlForm.Part p : a.x().form()) {
                if (p.file() != null) {
                    out.add(new FileArg("-F", p.file(), false));
                }
            }
            if (a.output() != null && !a.output().equals("-")) {
                out.add(new FileArg("-o", a.output(), true));
            } else if (a.x().remoteName()) {
                String name = CurlForm.base(a.url().target().replaceFirst("\\?.*", ""));
                if (!name.isEmpty()) {
                    out.add(new FileArg("-O", name, true));
                }
            }
            return out;
        } catch (CurlException e) {
            return List.of();
        }
    }

}
