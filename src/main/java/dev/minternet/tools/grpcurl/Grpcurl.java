package dev.minternet.tools.grpcurl;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.Attempt;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.HttpClient;
import dev.minternet.http.grpc.ClientCall;
import dev.minternet.http.grpc.GrpcChannel;
import dev.minternet.http.grpc.GrpcStatus;
import dev.minternet.http.grpc.ReflectionClient;
import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import dev.minternet.tls.ConnectOptions;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.transport.StreamSocket;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * grpcurl, "curl for gRPC servers", backed by server reflection as the real one is without
 * {@code -proto}: {@code grpcurl -plaintext host:50051 list} lists the services,
 * {@code list SERVICE} its methods, {@code describe SYMBOL} prints a service, method or message as
 * proto source, and {@code grpcurl -plaintext -d '{"id": 1}' host:50051 users.Users/Get} calls a
 * method: the request messages are JSON turned into protobuf by protobuf-java-util's JsonFormat,
 * the responses are printed as JSON the same way (two-space indent, 64-bit integers as strings,
 * default values left out). A failed call prints grpcurl's {@code ERROR:} block with the status's
 * Go name and exits 64 plus the status code; {@code -max-time} bounds the whole run, and the
 * call carries what is left of it as {@code grpc-timeout}. Without {@code -plaintext} the
 * connection is TLS with ALPN h2.
 */
public final class Grpcurl implements Tool {
    /** grpcurl exits with this plus the status code when a call fails. */
    static final int STATUS_CODE_OFFSET = 64;

    @Override
    public String name() {
        return "grpcurl";
    }

    @Override
    public String synopsis() {
        return "grpcurl [-plaintext | -insecure] [-d json|@] [-max-time s] [-v] [-authority name] host:port list|describe [symbol] | method";
    }

    @Override
    public void validate(List<String> args) {
        GrpcurlArgs.parse(args);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        GrpcurlArgs a;
        try {
            a = GrpcurlArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.println("Try 'grpcurl -help' for more details.");
            term.exit(2);
            return;
        }
        if (a.version()) {
            term.println(GrpcurlArgs.VERSION);
            term.exit(0);
            return;
        }
        a.warnings().forEach(term::println);
        if (a.addressError() != null) {
            term.println("Failed to dial target host \"" + a.address() + "\": " + a.addressError());
            term.exit(1);
            return;
        }
        new Run(node, a, term).begin();
    }

    /** One grpcurl process. */
    private static final class Run {
        private final Node node;
        private final GrpcurlArgs a;
        private final Terminal term;
        private final long startNs;
        private final List<String> typed = new ArrayList<>();
        private boolean eof;
        private Attempt attempt;
        private GrpcChannel channel;
        private ReflectionClient reflection;
        private ClientCall call;
        private Timer dialTimer;
        private boolean done;
        private int sent;
        private int received;

        Run(Node node, GrpcurlArgs a, Terminal term) {
            this.node = node;
            this.a = a;
            this.term = term;
            this.startNs = node.sim().now();
        }

        void begin() {
            term.onInterrupt(() -> finish(130));
            if ("@".equals(a.data())) {
                term.onInput(this::input); // grpcurl reads its standard input only for -d @
            }
            if (a.maxTimeNs() > 0) {
                dialTimer = new Timer(node.sim(), () -> {
                    if (channel == null) {
                        if (attempt != null) {
                            attempt.abort();
                        }
                        fail("Failed to dial target host \"" + a.address() + "\": context deadline exceeded");
                    }
                });
                dialTimer.setAfter(a.maxTimeNs());
            }
            StubResolver.getaddrinfo(node, a.host(), this::resolved);
        }

        /** What is left of -max-time (0: no deadline; at least 1 ns once it is set). */
        private long remaining() {
            return a.maxTimeNs() == 0 ? 0 : Math.max(1, a.maxTimeNs() - (node.sim().now() - startNs));
        }

        private void resolved(int addr) {
            if (done) {
                return;
            }
            String target = "\"" + a.address() + "\"";
            if (addr == 0) {
                fail("Failed to dial target host " + target + ": dial tcp: lookup " + a.host() + ": no such host");
                return;
            }
            HttpClient.Options http = HttpClient.Options.curl(a.host());
            Dial d = a.plaintext() ? Dial.http(addr, a.port(), http)
                    : Dial.https(addr, a.port(), a.tlsName(), http).withTls(ConnectOptions.DEFAULT.withAlpn("h2").withInsecure(a.insecure()));
            String ip = dev.minternet.wire.Ip4.str(addr) + ":" + a.port();
            attempt = Endpoints.connect(node, d, new Steps() {
                @Override
                public boolean takeStream(StreamSocket s) {
                    connected(s);
                    return true;
                }

                @Override
                public void ready(HttpClient client) {
                    throw new AssertionError("grpcurl takes the stream");
                }

                @Override
                public void failed(Steps.Failure f) {
                    String why = f.error().toLowerCase(Locale.ROOT);
                    fail("Failed to dial target host " + target + ": " + (f.stage() == Steps.Stage.TLS ? goTls(f)
                            : f.stage() != Steps.Stage.TCP ? f.error()
                            : why.contains("refused") ? "dial tcp " + ip + ": connect: connection refused"
                            : why.contains("unreachable") ? "dial tcp " + ip + ": connect: no route to host"
                            : "dial tcp " + ip + ": i/o timeout"));
                }
            });
        }

        /**
         * Go's crypto/tls and crypto/x509 words for a failed handshake, where they are sure: a
         * server that answers in something other than TLS (an h2c server sends its SETTINGS
         * first), and a chain no trusted root issued; otherwise the simulator's description.
         */
        private static String goTls(Steps.Failure f) {
            if (f.tls() == null) {
                return f.error();
            }
            return switch (f.tls().reason()) {
                case HANDSHAKE -> "tls: first record does not look like a TLS handshake";
                case UNTRUSTED, SELF_SIGNED_IN_CHAIN -> "x509: certificate signed by unknown authority";
                default -> f.error();
            };
        }

        private void connected(StreamSocket s) {
            if (done) {
                s.abort();
                return;
            }
            if (dialTimer != null) {
                dialTimer.cancel();
            }
            channel = GrpcChannel.open(node.sim(), s, a.authorityOrAddress(), !a.plaintext(), node.trace(), node.name());
            reflection = new ReflectionClient(channel, a.host(), remaining());
            switch (a.verb()) {
                case "list" -> list();
                case "describe" -> describe();
                default -> resolveMethod();
            }
        }

        private void list() {
            if (a.symbol() == null) {
                reflection.listServices(names -> {
                    names.stream().sorted().forEach(term::println);
                    finish(0);
                }, (st, msg) -> fail("Failed to list services: " + rpcError(st, msg)));
                return;
            }
            reflection.fileContainingSymbol(a.symbol(), f -> {
                ServiceDescriptor s = service(f, a.symbol());
                if (s == null) {
                    fail("Failed to list methods for service \"" + a.symbol() + "\": Service not found: " + a.symbol());
                    return;
                }
                s.getMethods().stream().map(MethodDescriptor::getFullName).sorted().forEach(term::println);
                finish(0);
            }, (st, msg) -> fail("Failed to list methods for service \"" + a.symbol() + "\": "
                    + (st == GrpcStatus.NOT_FOUND ? "Service not found: " + a.symbol() : rpcError(st, msg))));
        }

        private void describe() {
            if (a.symbol() != null) {
                reflection.fileContainingSymbol(a.symbol(), f -> {
                    List<String> text = describe(f, a.symbol());
                    if (text == null) {
                        fail("Failed to resolve symbol \"" + a.symbol() + "\": Symbol not found: " + a.symbol());
                        return;
                    }
                    text.forEach(term::println);
                    finish(0);
                }, (st, msg) -> fail("Failed to resolve symbol \"" + a.symbol() + "\": "
                        + (st == GrpcStatus.NOT_FOUND ? "Symbol not found: " + a.symbol() : rpcError(st, msg))));
                return;
            }
            reflection.listServices(names -> describeEach(names.stream().sorted().toList(), 0),
                    (st, msg) -> fail("Failed to list services: " + rpcError(st, msg)));
        }

        /** describe without a symbol: every service in turn. */
        private void describeEach(List<String> names, int i) {
            if (i == names.size()) {
                finish(0);
                return;
            }
            reflection.fileContainingSymbol(names.get(i), f -> {
                GrpcurlText.service(service(f, names.get(i))).forEach(term::println);
                describeEach(names, i + 1);
            }, (st, msg) -> fail("Failed to resolve symbol \"" + names.get(i) + "\": " + rpcError(st, msg)));
        }

        private static ServiceDescriptor service(FileDescriptor f, String fullName) {
            for (ServiceDescriptor s : f.getServices()) {
                if (s.getFullName().equals(fullName)) {
                    return s;
                }
            }
            return null;
        }

        private static List<String> describe(FileDescriptor f, String symbol) {
            ServiceDescriptor s = service(f, symbol);
            if (s != null) {
                return GrpcurlText.service(s);
            }
            for (ServiceDescriptor sd : f.getServices()) {
                for (MethodDescriptor m : sd.getMethods()) {
                    if (m.getFullName().equals(symbol)) {
                        return GrpcurlText.method(m);
                    }
                }
            }
            for (Descriptor d : f.getMessageTypes()) {
                if (d.getFullName().equals(symbol)) {
                    return GrpcurlText.message(d);
                }
            }
            return null;
        }

        private void resolveMethod() {
            String full = a.symbol();
            int cut = Math.max(full.lastIndexOf('/'), full.lastIndexOf('.'));
            String svc = cut < 0 ? "" : full.substring(0, cut);
            String name = full.substring(cut + 1);
            String err = "Error invoking method \"" + full + "\": ";
            if (svc.isEmpty()) {
                fail(err + "given method name \"" + full + "\" is not in expected format: 'service/method' or 'service.method'");
                return;
            }
            reflection.fileContainingSymbol(svc, f -> {
                ServiceDescriptor s = service(f, svc);
                MethodDescriptor m = s == null ? null : s.findMethodByName(name);
                if (m == null) {
                    fail(err + (s == null ? "target server does not expose service \"" + svc + "\""
                            : "service \"" + svc + "\" does not include a method named \"" + name + "\""));
                    return;
                }
                reflection.close();
                invoke(m);
            }, (st, msg) -> fail(err + (st == GrpcStatus.NOT_FOUND ? "target server does not expose service \"" + svc + "\""
                    : "failed to query for service descriptor \"" + svc + "\": " + rpcError(st, msg))));
        }

        private void invoke(MethodDescriptor m) {
            List<DynamicMessage> requests = new ArrayList<>();
            boolean stdin = "@".equals(a.data());
            if (!stdin) {
                try {
                    for (String json : a.data() == null ? List.<String>of() : GrpcurlText.jsonObjects(a.data())) {
                        requests.add(parse(m, json));
                    }
                } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
                    fail("Error invoking method \"" + a.symbol() + "\": error getting request data: " + e.getMessage());
                    return;
                }
                if (requests.isEmpty() && !m.isClientStreaming()) {
                    requests.add(DynamicMessage.getDefaultInstance(m.getInputType()));
                }
            }
            if (a.verbose()) {
                term.println("");
                term.println("Resolved method descriptor:");
                term.println(GrpcurlText.rpc(m));
                term.println("");
                term.println("Request metadata to send:");
                term.println("(empty)");
            }
            call = channel.call(m, remaining(), new ClientCall.Listener() {
                @Override
                public void onHeaders(Http2Headers h) {
                    if (a.verbose()) {
                        term.println("");
                        term.println("Response headers received:");
                        metadata(h);
                    }
                }

                @Override
                public void onMessage(DynamicMessage msg) {
                    received++;
                    if (a.verbose()) {
                        term.println("");
                        term.println("Response contents:");
                    }
                    try {
                        GoJson.indent(JsonFormat.printer().omittingInsignificantWhitespace().print(msg)).lines()
                                .forEach(term::println);
                    } catch (InvalidProtocolBufferException e) {
                        term.println("Failed to format response message " + received + ": " + e.getMessage());
                    }
                }

                @Override
                public void onClose(GrpcStatus status, String message, Http2Headers trailers) {
                    closed(status, message, trailers);
                }
            });
            for (DynamicMessage r : requests) {
                send(r);
            }
            if (stdin) {
                for (String line : typed) {
                    input(line);
                }
                typed.clear();
                if (eof) {
                    call.halfClose();
                }
            } else {
                call.halfClose();
            }
        }

        private DynamicMessage parse(MethodDescriptor m, String json) throws InvalidProtocolBufferException {
            DynamicMessage.Builder b = DynamicMessage.newBuilder(m.getInputType());
            JsonFormat.parser().merge(json, b);
            return b.build();
        }

        private void send(DynamicMessage r) {
            sent++;
            call.send(r);
        }

        /** A line of standard input (-d @): a JSON message; end of input half-closes the call. */
        private void input(String line) {
            if (done || !"@".equals(a.data())) {
                return;
            }
            if (call == null) {
                if (line == null) {
                    eof = true;
                } else {
                    typed.add(line);
                }
                return;
            }
            if (line == null) {
                call.halfClose();
                return;
            }
            try {
                for (String json : GrpcurlText.jsonObjects(line)) {
                    send(parse(call.method(), json));
                }
            } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
                call.cancel("bad request data");
                fail("Error invoking method \"" + a.symbol() + "\": error getting request data: " + e.getMessage());
            }
        }

        private void closed(GrpcStatus status, String message, Http2Headers trailers) {
            if (done) {
                return;
            }
            if (a.verbose()) {
                term.println("");
                term.println("Response trailers received:");
                metadata(trailers);
                term.println("Sent " + plural(sent, "request") + " and received " + plural(received, "response"));
            }
            if (status == GrpcStatus.OK) {
                finish(0);
                return;
            }
            term.println("ERROR:");
            term.println("  Code: " + status.goName());
            term.println("  Message: " + message);
            finish(STATUS_CODE_OFFSET + status.code());
        }

        /** Metadata as grpcurl prints it: sorted "key: value" lines, pseudo-headers and grpc-status/message left out. */
        private void metadata(Http2Headers h) {
            Map<String, String> md = new TreeMap<>();
            h.forEach(e -> {
                String k = e.getKey().toString();
                if (!k.startsWith(":") && !k.equals("grpc-status") && !k.equals("grpc-message")) {
                    md.merge(k, e.getValue().toString(), (x, y) -> x + ", " + y);
                }
            });
            if (md.isEmpty()) {
                term.println("(empty)");
            }
            md.forEach((k, v) -> term.println(k + ": " + v));
        }

        private static String plural(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }

        private static String rpcError(GrpcStatus st, String msg) {
            return "rpc error: code = " + st.goName() + " desc = " + msg;
        }

        private void fail(String message) {
            if (done) {
                return;
            }
            term.println(message);
            finish(1);
        }

        private void finish(int code) {
            if (done) {
                return;
            }
            done = true;
            if (dialTimer != null) {
                dialTimer.cancel();
            }
            if (call != null && !call.isDone()) {
                call.cancel("grpcurl exited");
            }
            if (channel != null) {
                channel.close();
            } else if (attempt != null) {
                attempt.abort();
            }
            term.exit(code);
        }
    }
}
