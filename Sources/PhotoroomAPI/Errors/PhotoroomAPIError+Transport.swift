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
            message: "\(path): \(isTimeout ? "timed out" : "could not complete the request") (\(what)); nothing was billed"
        )
    }
}
