package dev.wharf.admin;

/** A request the API refuses: the HTTP status and the message of its {@code {"error": ...}} body. */
final class ApiException extends RuntimeException {
    final int status;

    ApiException(int status, String message) {
        super(message, null, false, false); // a refusal, not a failure: no stack to fill
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
