/**
 * HTTP/1.1 and HTTP/2 on Netty's codecs, running unchanged on a simulated byte stream
 * (docs/design.md decision 5).
 *
 * <h2>Layers, bottom up</h2>
 * <pre>
 *  HttpClient / HttpServer     requests and responses as records (Request, Response, Headers)
 *  Netty pipeline              HttpClientCodec | HttpServerCodec, HttpContentCompressor /
 *                              Decompressor, HttpObjectAggregator; or Http2FrameCodec +
 *                              Http2MultiplexHandler with one child channel per stream
 *  NettyBridge                 EmbeddedChannel &lt;-&gt; StreamSocket; Netty's clock = simulated clock
 *  TlsStreamSocket (tls)       a StreamSocket that wraps a StreamSocket
 *  StreamSocket                TCP (transport/tcp), or transport.StreamPipe in tests and bench http
 * </pre>
 *
 * <h2>Where TLS goes</h2>
 * A TLS layer is a {@link dev.minternet.transport.StreamSocket} wrapping the TCP one (a sans-I/O
 * TLS engine filter: ciphertext below, plaintext above), so nothing here changes: the server
 * calls {@link dev.minternet.http.HttpServer#serve(dev.minternet.transport.StreamSocket,
 * dev.minternet.http.HttpProtocol)} with {@link dev.minternet.http.HttpProtocol#fromAlpn} of the
 * negotiated protocol, and the client {@link dev.minternet.http.HttpClient#open} the same way with
 * {@code Options.withScheme("https")} (the HTTP/2 {@code :scheme}). Offer ALPN
 * {@code ["h2", "http/1.1"]} ({@code --http1.1} offers only "http/1.1"). Cleartext servers tell
 * HTTP/2 prior knowledge from HTTP/1.1 by the connection preface ({@code serve(socket)}).
 * The adapter is {@link dev.minternet.tls.TlsStreamSocket}; HttpsTest shows HTTP/2 and HTTP/1.1
 * by ALPN, requests leaving with the client Finished, byte-identical runs.
 *
 * <h2>Time</h2>
 * Everything runs on the simulator thread. Timings in {@link dev.minternet.http.Exchange} are
 * simulated nanoseconds; Netty's timers (IdleStateHandler, ReadTimeoutHandler) fire at their
 * simulated deadlines because {@link dev.minternet.http.NettyBridge} gives the channel a ticker
 * that reads the simulator's clock and arms a simulator timer for the next Netty deadline.
 *
 * <h2>WebSocket</h2>
 * {@code http.ws} runs RFC 6455 on Netty's WebSocket codecs with the same bridge; a server hands
 * an upgrade request to whoever takes it through {@link dev.minternet.http.Upgrade}.
 *
 * <h2>Not yet</h2>
 * HTTP/1.1
 * pipelining (requests on one connection go one at a time), server push, WebSocket (its
 * handshaker draws random keys: docs/design.md decision 6), request bodies streamed in pieces (bodies
 * are aggregated, 16 MiB on the server, 64 MiB on the client).
 */
package dev.minternet.http;
