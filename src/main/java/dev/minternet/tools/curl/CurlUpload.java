package dev.minternet.tools.curl;

import dev.minternet.node.Node;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies curl reads from files when the transfer starts: {@code -T FILE} (a PUT of the file,
 * its name added to a URL whose path ends in '/', as src/tool_operhlp.c add_file_name_to_url
 * does in curl 8.5: not when the URL has a query) and {@code -F} (multipart/form-data, {@link
 * CurlForm}, with a boundary from the node's seeded stream). Files are read through the
 * terminal's file policy, as {@code -d @file} is.
 */
final class CurlUpload {
    private CurlUpload() {
    }

    /** {@code a} with its -T or -F body in place (unchanged without either); curl's errors as {@link CurlException}s. */
    static CurlArgs prepare(CurlArgs a, Node node, Terminal term) {
        CurlExtras x = a.x();
        if (x.uploadFile() != null) {
            byte[] body;
            try {
                body = term.files().read(x.uploadFile());
            } catch (IOException e) {
                // helpf: printed even under -s, then the transfer's error 26
                term.println("curl: Can't open '" + x.uploadFile() + "'");
                term.println("curl: try 'curl --help' or 'curl --manual' for more information");
                throw new CurlException(26, "Failed to open/read local data from file/application", List.of(), false);
            }
            return a.withBody(withFileName(a.url(), x.uploadFile()), body, x.withBodyType(""));
        }
        if (!x.form().isEmpty()) {
            String boundary = CurlForm.boundary(node.random("curl-mime-boundary", Long.toString(node.sim().now())));
            byte[] body = CurlForm.body(x.form(), boundary, name -> term.files().read(name));
            return a.withBody(a.url(), body, x.withBodyType("multipart/form-data; boundary=" + boundary));
        }
        return a;
    }

    /**
     * -O: the URL's last path segment as the file to write (tool_operhlp.c get_url_file_name),
     * unless -o names one; null after curl's "Remote file name has no length" (exit 23), said on
     * {@code term} unless -s.
     */
    static CurlArgs remoteName(CurlArgs a, Terminal term) {
        if (!a.x().remoteName() || a.output() != null) {
            return a;
        }
        String t = a.url().target();
        int q = t.indexOf('?');
        String path = q < 0 ? t : t.substring(0, q);
        String name = CurlForm.base(path);
        if (name.isEmpty()) {
            if (!a.silent() || a.showError()) {
                term.println("curl: Remote file name has no length");
                term.println("curl: (23) Failed writing received data to disk/application");
            }
            term.exit(23);
            return null;
        }
        return a.withOutput(name);
    }

    /** add_file_name_to_url: a path ending in '/' (and no query) gets the file's own name, URL-encoded. */
    static CurlArgs.CurlUrl withFileName(CurlArgs.CurlUrl url, String file) {
        String t = url.target();
        if (t.indexOf('?') >= 0 || !t.endsWith("/")) {
            return url;
        }
        String enc = CurlData.encode(CurlForm.base(file).getBytes(StandardCharsets.UTF_8)).replace("+", "%20");
        return new CurlArgs.CurlUrl(url.scheme(), url.host(), url.port(), url.explicitPort(), t + enc);
    }

    /** A warning as curl's voutf writes it: "Warning: " before each piece of at most 70 characters, cut after a blank. */
    static List<String> warningLines(String msg) {
        List<String> out = new ArrayList<>();
        int width = 79 - "Warning: ".length();
        String rest = msg;
        while (!rest.isEmpty()) {
            if (rest.length() > width) {
                int cut = width - 1;
                while (cut > 0 && rest.charAt(cut) != ' ' && rest.charAt(cut) != '\t') {
                    cut--;
                }
                if (cut == 0) {
                    cut = width - 1;
                }
                out.add("Warning: " + rest.substring(0, cut + 1));
                rest = rest.substring(cut + 1);
            } else {
                out.add("Warning: " + rest);
                rest = "";
            }
        }
        return out;
    }
}
