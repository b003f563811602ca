package dev.minternet.http.grpc;

/**
 * gRPC status codes (grpc/doc/statuscodes.md), with the number that travels in
 * {@code grpc-status} and the name grpc-go prints (grpcurl's {@code Code: NotFound}).
 */
public enum GrpcStatus {
    OK("OK"),
    CANCELLED("Canceled"),
    UNKNOWN("Unknown"),
    INVALID_ARGUMENT("InvalidArgument"),
    DEADLINE_EXCEEDED("DeadlineExceeded"),
    NOT_FOUND("NotFound"),
    ALREADY_EXISTS("AlreadyExists"),
    PERMISSION_DENIED("PermissionDenied"),
    RESOURCE_EXHAUSTED("ResourceExhausted"),
    FAILED_PRECONDITION("FailedPrecondition"),
    ABORTED("Aborted"),
    OUT_OF_RANGE("OutOfRange"),
    UNIMPLEMENTED("Unimplemented"),
    INTERNAL("Internal"),
    UNAVAILABLE("Unavailable"),
    DATA_LOSS("DataLoss"),
    UNAUTHENTICATED("Unauthenticated");

    private final String goName;

    GrpcStatus(String goName) {
        this.goName = goName;
    }

    /** The value of {@code grpc-status}. */
    public int code() {
        return ordinal();
    }

    /** The name grpc-go's {@code codes.Code.String()} gives, as grpcurl prints it. */
    public String goName() {
        return goName;
    }

    /** The status for a {@code grpc-status} value; codes outside the table are UNKNOWN, as the spec says. */
    public static GrpcStatus of(int code) {
        GrpcStatus[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNKNOWN;
    }

    /**
     * The status a client reports for an HTTP status that is not 200 without a {@code grpc-status}
     * (grpc/doc/http-grpc-status-mapping.md).
     */
    public static GrpcStatus fromHttp(int http) {
        return switch (http) {
            case 400 -> INTERNAL;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }

    /** The status a client reports for a stream reset by the server (grpc/doc/PROTOCOL-HTTP2.md, "Errors"). */
    public static GrpcStatus fromReset(long http2Error) {
        return switch ((int) http2Error) {
            case 0x7 -> UNAVAILABLE; // REFUSED_STREAM
            case 0x8 -> CANCELLED; // CANCEL
            case 0xb -> RESOURCE_EXHAUSTED; // ENHANCE_YOUR_CALM
            case 0xc -> PERMISSION_DENIED; // INADEQUATE_SECURITY
            default -> INTERNAL;
        };
    }
}
