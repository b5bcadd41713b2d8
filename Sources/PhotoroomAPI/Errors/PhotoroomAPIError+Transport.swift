import AsyncHTTPClient
import NIOCore

extension PhotoroomAPIError {
    /// Maps a transport failure (connection refused, dropped, timed out) to an error.
    ///
    /// - Parameters:
    ///   - afterUpload: whether the whole request body had been handed to the connection when it failed. A failure
    ///     after that point has an unknown outcome: the service may have done and billed the work.
    static func transport(_ error: any Error, afterUpload: Bool, path: String) -> PhotoroomAPIError {
        let isTimeout: Bool
        if let clientError = error as? HTTPClientError {
            isTimeout =
                clientError == .deadlineExceeded || clientError == .readTimeout || clientError == .writeTimeout
                || clientError == .connectTimeout
        } else if case ChannelError.connectTimeout = error {
            isTimeout = true
        } else {
            isTimeout = false
        }
        let what = String(describing: error)
        if afterUpload {
            return PhotoroomAPIError(
                code: .outcomeUnknown,
                message: "\(path): \(isTimeout ? "timed out" : "connection lost") after the upload "
                    + "(\(what)); the call may have been billed"
            )
        }
        return PhotoroomAPIError(
            code: isTimeout ? .timeout : .network,
            message:
                "\(path): \(isTimeout ? "timed out" : "could not complete the request") (\(what)); nothing was billed"
        )
    }
}

extension PhotoroomAPIError {
    /// Maps an exchange ended by its ``TransferLimit`` (its deadline, or a silence in its answer).
    ///
    /// - Parameters:
    ///   - afterUpload: whether the whole request body had been handed over: with no answer yet, the outcome is
    ///     then unknown.
    ///   - billedOnSuccess: whether a 200 means the call was billed (image calls, not account reads): a 200 whose
    ///     body never arrived is then a paid result lost, never to be sent again by accident.
    static func expired(
        _ expiry: TransferLimit.Expiry, afterUpload: Bool, billedOnSuccess: Bool = true, path: String
    ) -> PhotoroomAPIError {
        switch expiry.status {
        case 200? where billedOnSuccess:
            return PhotoroomAPIError(
                code: .resultLost,
                message: "\(path) answered 200 but its result did not arrive (\(expiry.summary)); the call was billed",
                httpStatus: 200
            )
        case let status? where status != 200:
            var error = PhotoroomAPIError.from(status: status, body: [], retryAfter: nil)
            error.message += " (\(expiry.summary))"
            return error
        default:
            if afterUpload, billedOnSuccess {
                return PhotoroomAPIError(
                    code: .outcomeUnknown,
                    message: "\(path): timed out after the upload (\(expiry.summary)); the call may have been billed"
                )
            }
            return PhotoroomAPIError(
                code: .timeout, message: "\(path): timed out (\(expiry.summary)); nothing was billed")
        }
    }
}
