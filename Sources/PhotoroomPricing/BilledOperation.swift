/// An API operation that consumes images when it succeeds.
public enum BilledOperation: String, Sendable, Codable, CaseIterable {
    /// `POST /v2/edit` or `GET /v2/edit`: the Image Editing API.
    case edit = "/v2/edit"
    /// `POST /v1/segment`: the Remove Background API.
    case segment = "/v1/segment"
}
