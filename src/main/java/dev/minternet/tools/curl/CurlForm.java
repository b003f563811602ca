package dev.minternet.tools.curl;

/** curl's -F (multipart/form-data): placeholder until the parts are built. */
final class CurlForm {
    private CurlForm() {
    }

    /** One -F part. */
    record Part(String name, String value, String file, String type) {
    }
}
