import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import PhotoroomPricing

extension PhotoroomClient {
    /// Reads the balance and plan: `GET /v2/account`, falling back to `GET /v1/account` when v2 answers 404.
    ///
    /// - Throws: ``PhotoroomAPIError`` (400 for a missing key, 403 for a wrong one, network failures, an answer that
    ///   does not have the documented shape).
    public func account() async throws(PhotoroomAPIError) -> AccountDetails {
        do {
            return try await accountV2()
        } catch let error where error.code == .notFound {
            return try await accountV1()
        }
    }

    private func accountV2() async throws(PhotoroomAPIError) -> AccountDetails {
        let bytes = try await getJSON("/v2/account")
        do {
            let body = try JSONDecoder().decode(AccountV2Body.self, from: Data(bytes))
            return AccountDetails(
                plan: Plan(body.plan),
                available: body.images.available,
                subscription: body.images.subscription,
                source: .v2
            )
        } catch {
            throw PhotoroomAPIError(
                code: .invalidResponse,
                message:
                    "GET /v2/account answered without the documented {images:{available,subscription},plan}: \(error)",
                httpStatus: 200
            )
        }
    }

    private func accountV1() async throws(PhotoroomAPIError) -> AccountDetails {
        let bytes = try await getJSON("/v1/account")
        do {
            let body = try JSONDecoder().decode(AccountV1Body.self, from: Data(bytes))
            return AccountDetails(
                plan: nil,
                available: body.credits.available,
                subscription: body.credits.subscription,
                source: .v1
            )
        } catch {
            throw PhotoroomAPIError(
                code: .invalidResponse,
                message: "GET /v1/account answered without the documented {credits:{available,subscription}}: \(error)",
                httpStatus: 200
            )
        }
    }

    /// Sends a GET and returns the body of a 200, or throws the mapped error; the whole exchange, body included,
    /// is bounded by ``Configuration/accountTimeout`` and ``Configuration/idleReadTimeout``.
    private func getJSON(_ path: String) async throws(PhotoroomAPIError) -> [UInt8] {
        var request = HTTPClientRequest(url: try url(path))
        request.method = .GET
        request.headers = baseHeaders()
        request.headers.add(name: "Accept", value: "application/json")
        let limit = TransferLimit(total: configuration.accountTimeout, idle: configuration.idleReadTimeout)
        let sent = request
        do {
            let (status, headers, bytes) = try await limit.run { activity in
                let response = try await httpClient.execute(sent, timeout: configuration.accountTimeout.timeAmount)
                activity.answered(status: Int(response.status.code))
                var body = ByteBuffer()
                for try await chunk in response.body {
                    activity.received(chunk.readableBytes)
                    guard body.readableBytes + chunk.readableBytes <= 1 << 20 else {
                        throw PhotoroomAPIError(
                            code: .invalidResponse, message: "GET \(path) answered more than 1 MiB",
                            httpStatus: Int(response.status.code))
                    }
                    body.writeImmutableBuffer(chunk)
                }
                activity.completed()
                return (response.status.code, response.headers, Array(buffer: body))
            }
            if (300..<400).contains(status) { throw Self.redirectError(status: Int(status), headers, path: path) }
            guard status == 200 else {
                throw PhotoroomAPIError.from(
                    status: Int(status),
                    body: bytes,
                    retryAfter: RetryAfter.parse(headers.first(name: "retry-after"))
                )
            }
            return bytes
        } catch let error as PhotoroomAPIError {
            throw error
        } catch let expiry as TransferLimit.Expiry {
            throw PhotoroomAPIError.expired(expiry, afterUpload: false, billedOnSuccess: false, path: "GET \(path)")
        } catch {
            throw PhotoroomAPIError.transport(error, afterUpload: false, path: path)
        }
    }
}
