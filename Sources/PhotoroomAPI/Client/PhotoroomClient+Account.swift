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
                message: "GET /v2/account answered without the documented {images:{available,subscription},plan}: \(error)",
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

    /// Sends a GET and returns the body of a 200, or throws the mapped error.
    private func getJSON(_ path: String) async throws(PhotoroomAPIError) -> [UInt8] {
        var request = HTTPClientRequest(url: try url(path))
        request.method = .GET
        request.headers = baseHeaders()
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let response = try await httpClient.execute(request, timeout: configuration.accountTimeout.timeAmount)
            let body = try await response.body.collect(upTo: 1 << 20)
            let bytes = Array(buffer: body)
            if (300..<400).contains(response.status.code) { throw Self.redirectError(response, path: path) }
            guard response.status.code == 200 else {
                throw PhotoroomAPIError.from(
                    status: Int(response.status.code),
                    body: bytes,
                    retryAfter: RetryAfter.parse(response.headers.first(name: "retry-after"))
                )
            }
            return bytes
        } catch let error as PhotoroomAPIError {
            throw error
        } catch {
            throw PhotoroomAPIError.transport(error, afterUpload: false, path: path)
        }
    }
}
