package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The synopsis (what Tab completion and {@code minternet tools} offer) names only options curl
 * takes: each one, with a value where it takes one, parses without "is unknown".
 */
class CurlSynopsisTest {
    @Test
    void every_option_in_the_synopsis_is_one_curl_takes() {
        Matcher m = Pattern.compile("(?<=[\\[\\s|])(--?[A-Za-z0-9][A-Za-z0-9.\\-]*)").matcher(new Curl().synopsis());
        List<String> options = new ArrayList<>();
        while (m.find()) {
            options.add(m.group(1));
        }
        assertThat(options).contains("-e", "-0", "--http1.0", "-G", "--data-urlencode", "--json", "--url-query", "-F", "-T",
                "-O", "--remote-name-all", "-r", "--retry", "--retry-delay", "--retry-max-time", "--retry-connrefused",
                "--retry-all-errors", "--tlsv1.2", "--tlsv1.3", "--tls-max", "-1", "--tlsv1", "--tlsv1.0", "--tlsv1.1", "--ciphers",
                "--tls13-ciphers", "--limit-rate", "--no-keepalive", "--compressed");
        for (String o : options) {
            List<String> args = new ArrayList<>(List.of(o));
            if (CurlExtras.takesValue(o) || List.of("-X", "-H", "-A", "-d", "--data-binary", "--data-raw", "-w", "-o", "-m",
                    "--connect-timeout", "-b", "-c", "--max-redirs", "--hsts", "-D", "-u").contains(o)) {
                args.add(o.equals("--resolve") ? "b:80:10.0.0.1" : o.equals("-F") ? "a=b" : o.equals("--tls-max") ? "1.2" : "1");
            } else if (o.equals("--resolve")) {
                args.add("b:80:10.0.0.1");
            }
            args.add("http://b/");
            assertThat(CurlArgs.parse(args)).as(o).isNotNull();
        }
    }
}
