import { errorCatalogue } from "../api/errors.js";
import { sizeText } from "../api/limits.js";
import { ConflictError, DuplicateError, NotFoundError } from "../store/store.js";
/** An API error from the catalogue; the error handler turns it into the one error shape. */
export class ApiError extends Error {
    code;
    details;
    name = "ApiError";
    status;
    constructor(code, message, details) {
        super(message ?? errorCatalogue[code].message);
        this.code = code;
        this.details = details;
        this.status = errorCatalogue[code].status;
    }
}
/** The body for an error code. */
export function errorBody(code, message, details) {
    const body = { error: { code, message: message ?? errorCatalogue[code].message } };
    if (details !== undefined)
        body.error.details = details;
    return body;
}
function toApiError(e, bodyLimit) {
    if (e instanceof ApiError)
        return e;
    if (e instanceof ConflictError)
        return new ApiError("GOLIVE_E_CONFLICT", undefined, { expected_version: e.expected, current_version: e.actual });
    if (e instanceof DuplicateError)
        return new ApiError("GOLIVE_E_DUPLICATE", e.message);
    if (e instanceof NotFoundError)
        return new ApiError("GOLIVE_E_NOT_FOUND", e.message);
    const fe = e;
    if (fe.validation || fe.issues)
        return new ApiError("GOLIVE_E_VALIDATION", fe.message, { issues: fe.issues ?? fe.validation });
    switch (fe.code) {
        case "FST_ERR_CTP_INVALID_JSON_BODY":
        case "FST_ERR_CTP_EMPTY_JSON_BODY":
            return new ApiError("GOLIVE_E_BAD_JSON");
        case "FST_ERR_CTP_BODY_TOO_LARGE":
            return tooLarge(bodyLimit);
        case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
            return new ApiError("GOLIVE_E_UNSUPPORTED_MEDIA_TYPE");
    }
    if (fe.statusCode === 413)
        return tooLarge(bodyLimit);
    if (fe.statusCode === 415)
        return new ApiError("GOLIVE_E_UNSUPPORTED_MEDIA_TYPE");
    if (fe.statusCode === 400)
        return new ApiError("GOLIVE_E_VALIDATION", fe.message);
    return new ApiError("GOLIVE_E_INTERNAL");
}
/** A body over its route's limit, naming the limit. */
function tooLarge(limit) {
    if (limit === undefined)
        return new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE");
    return new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE", `The request body is over this route's limit of ${sizeText(limit)}.`, { limit_bytes: limit });
}
/** Installs the error and not-found handlers: every failure leaves in the catalogue's shape. */
export function installErrorHandling(app) {
    app.setErrorHandler((error, request, reply) => {
        const api = toApiError(error, request.routeOptions.bodyLimit);
        if (api.code === "GOLIVE_E_INTERNAL")
            request.log.error({ err: error }, "unhandled error");
        return reply.status(api.status).send(errorBody(api.code, api.message, api.details));
    });
    app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody("GOLIVE_E_ROUTE_NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0] ?? ""}`)));
}
