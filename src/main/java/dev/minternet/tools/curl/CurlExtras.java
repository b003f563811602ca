package dev.minternet.tools.curl;

import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.util.ArrayList;
import java.util.List;

/**
 * The curl options {@link CurlArgs} keeps apart from its own list, parsed as curl 8.5's
 * src/tool_getparam.c parses them: {@code -e}/{@code --referer} (with curl's {@code ;auto}),
 * {@code -G}/{@code --get}, {@code --url-query}, {@code --json}, {@code -F}/{@code --form},
 * {@code -T}/{@code --upload-file}, {@code -O}/{@code --remote-name}, {@code --remote-name-all}
 * and {@code -r}/{@code --range}.
 *
 * @param referer the Referer field's value (null: none; {@code -e ''} sets none)
 * @param autoReferer {@code ;auto}: -L sends the URL it comes from as the next request's Referer
 * @param get -G: the {@code -d} data goes into the URL's query, the request is a GET (HEAD with -I)
 * @param urlQueries the {@code --url-query} arguments, in order, as typed
 * @param json {@code --json} was given: Content-Type and Accept application/json unless -H gives them
 * @param form the {@code -F} parts, in order
 * @param uploadFile {@code -T}'s file (null: none)
 * @param remoteName -O (or --remote-name-all): the body goes to a file named after the URL's last segment
 * @param range -r's byte ranges ("0-99", "100-"; null: none)
 * @param bodyType the Content-Type of a body these options made (null: -d's form-urlencoded; "": none, as for -T)
 * @param warnings what curl warns while it reads the command line ("skip unknown form field: x"), quiet under -s
 * @param lateWarnings what it warns when the transfer is over ("Got more output options than URLs"), quiet under -s
 * @param retry --retry and its companions
 * @param failWithBody --fail-with-body: a status of 400 or more is error 22 after the body is written
 * @param tls the TLS version and cipher options, --limit-rate and --no-keepalive
 */
record CurlExtras(String referer, boolean autoReferer, boolean get, List<String> urlQueries, boolean json,
        List<CurlForm.Part> form, String uploadFile, boolean remoteName, String range, String bodyType, List<String> warnings,
        List<String> lateWarnings, CurlRetry.Options retry, boolean failWithBody, CurlTlsOptions tls) {

    static final CurlExtras NONE = new CurlExtras(null, false, false, List.of(), false, List.of(), null, false, null, null, List.of(), List.of(), CurlRetry.Options.NONE, false, CurlTlsOptions.NONE);

    /** These options with the URL queries used up (after {@link CurlData} put them in the URL). */
    CurlExtras withoutQueries() {
        return new CurlExtras(referer, autoReferer, get, List.of(), json, form, uploadFile, remoteName, range, bodyType, warnings, lateWarnings, retry, failWithBody, tls);
    }

    /** These options with {@code r} as the Referer (-L with {@code ;auto}). */
    CurlExtras withReferer(String r) {
        return new CurlExtras(r, autoReferer, get, urlQueries, json, form, uploadFile, remoteName, range, bodyType, warnings, lateWarnings, retry, failWithBody, tls);
    }

    /** These options with the body's Content-Type ({@link CurlUpload}). */
    CurlExtras withBodyType(String t) {
        return new CurlExtras(referer, autoReferer, get, urlQueries, json, form, uploadFile, remoteName, range, t, warnings, lateWarnings, retry, failWithBody, tls);
    }

    /** For the next request of -L: without the form when it switches to GET (the body is gone), warnings said. */
    CurlExtras following(boolean toGet) {
        return new CurlExtras(referer, autoReferer, get, urlQueries, json, toGet ? List.of() : form, uploadFile, remoteName, range,
                toGet ? null : bodyType, List.of(), lateWarnings, retry, failWithBody, tls);
    }

    /** Whether {@code o} is one of these options taking a value. */
    static boolean takesValue(String o) {
        return switch (o) {
            case "-e", "--referer", "--url-query", "--data-urlencode", "--json", "-F", "--form", "-T", "--upload-file", "-r", "--range",
                    "--retry", "--retry-delay", "--retry-max-time" -> true;
            default -> CurlTlsOptions.takesValue(o);
        };
    }

    /** Collects these options while {@link CurlArgs#parse} reads the command line. */
    static final class Builder {
        String referer;
        boolean autoReferer;
        boolean get;
        final List<String> urlQueries = new ArrayList<>();
        boolean json;
        final List<CurlForm.Part> form = new ArrayList<>();
        String uploadFile;
        boolean remoteName;
        String range;
        final List<String> warnings = new ArrayList<>();
        /** -o and -O given so far: the first names the output, more make curl warn when it is done. */
        int outputs;
        final CurlRetry.Builder retry = new CurlRetry.Builder();
        boolean failWithBody;
        final CurlTlsOptions.Builder tls = new CurlTlsOptions.Builder();

        /**
         * Takes option {@code o} with value {@code v} (null for a flag); {@code data} gets the
         * parts of --data-urlencode and --json. False when {@code o} is none of these.
         */
        boolean option(String o, String v, List<CurlArgs.DataPart> data, String typed) {
            switch (o) {
                case "-e", "--referer" -> {
                    int auto = v.indexOf(";auto");
                    autoReferer = auto >= 0;
                    String r = auto >= 0 ? v.substring(0, auto) : v;
                    referer = r.isEmpty() ? null : r;
                }
                case "-G", "--get" -> get = true;
                case "--url-query" -> urlQueries.add(v);
                case "-F", "--form" -> form.add(CurlForm.parse(typed, v, warnings));
                case "-T", "--upload-file" -> uploadFile = v;
                case "-O", "--remote-name" -> remoteName = outputs++ == 0;
                case "--remote-name-all" -> remoteName = remoteName || outputs == 0;
                case "-r", "--range" -> range = range(v, warnings);
                case "--data-urlencode" -> data.add(CurlData.urlencodePart(v));
                case "--json" -> {
                    json = true;
                    data.add(v.startsWith("@") ? new CurlArgs.DataPart(null, v.substring(1), true, CurlArgs.DataKind.JSON, null)
                            : new CurlArgs.DataPart(v, null, true, CurlArgs.DataKind.JSON, null));
                }
                default -> {
                    return retry.option(o, v) || tls.option(o, v);
                }
            }
            return true;
        }

        CurlExtras build() {
            return new CurlExtras(referer, autoReferer, get, List.copyOf(urlQueries), json, List.copyOf(form), uploadFile,
                    remoteName, range, null, List.copyOf(warnings), outputs > 1 ? List.of("Got more output options than URLs") : List.of(),
                    retry.build(), failWithBody, tls.build());
        }

        /**
         * tool_helpers.c SetHTTPrequest: -d, -F and -T each ask for their own request; two of
         * them is exit 2 with curl's warning and no other message.
         */
        void checkMethods(boolean data) {
            String first = null;
            String second = null;
            if (uploadFile != null && data) {
                first = "PUT (-T, --upload-file)";
                second = "POST (-d, --data)";
            } else if (uploadFile != null && !form.isEmpty()) {
                first = "PUT (-T, --upload-file)";
                second = "multipart formpost (-F, --form)";
            } else if (data && !form.isEmpty()) {
                first = "POST (-d, --data)";
                second = "multipart formpost (-F, --form)";
            }
            if (first != null) {
                throw new CurlException(2, null, List.of("You can only select one HTTP request method! You asked for both " + first
                        + " and " + second + "."), false);
            }
        }
    }

    /**
     * -r as tool_getparam.c takes it: a lone number gets a '-' appended (with curl's warning),
     * other characters than digits, '-' and ',' are sent anyway after a warning.
     */
    static String range(String v, List<String> warnings) {
        if (!v.isEmpty() && Character.isDigit(v.charAt(0)) && v.indexOf('-') < 0) {
            String digits = v.replaceAll("^([0-9]+).*", "$1");
            warnings.add("A specified range MUST include at least one dash (-). Appending one for you");
            return Long.parseLong(digits.length() > 18 ? digits.substring(0, 18) : digits) + "-";
        }
        if (!v.matches("[0-9,-]*")) {
            warnings.add("Invalid character is found in given range. A specified range MUST have only digits in "
                    + "'start'-'stop'. The server's response to this request is uncertain.");
        }
        return v;
    }
}
