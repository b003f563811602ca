package dev.minternet.http;

/**
 * One request and its outcome on a client, with simulated-clock timings (ns since the start of
 * the world): when the request went out, when the first byte of the response came back (for
 * HTTP/2: its HEADERS frame), and when the response was complete. {@code wireBodyBytes} counts
 * the body as transferred (compressed when the server used gzip or Brotli), like curl's size_download.
 *
 * <p>{@code response} is the decoded response, its headers consistent with its body (after
 * decoding Content-Encoding is gone and Content-Length is the decoded length): what a
 * proxy may pass on. {@code wireHeaders} are the response headers exactly as received, in order
 * (what curl -v prints); null when no response came.
 */
public record Exchange(Request request, Response response, Headers wireHeaders, HttpProtocol protocol, long sentNs,
        long firstByteNs, long doneNs, long wireBodyBytes, String error) {

    public boolean ok() {
        return error == null && response != null;
    }

    /** Time to first byte: from sending the request to the first response byte. */
    public long ttfbNs() {
        return firstByteNs - sentNs;
    }

    /** From sending the request to the end of the response. */
    public long totalNs() {
        return doneNs - sentNs;
    }
}
