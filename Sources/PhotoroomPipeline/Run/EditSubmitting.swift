import PhotoroomAPI

/// Sends one `/v2/edit` call. ``PhotoroomClient`` is the real one; tests substitute fakes.
public protocol EditSubmitting: Sendable {
    /// Sends the image and streams the result to `request.destinationPath`.
    ///
    /// - Throws: ``PhotoroomAPIError``; ``PhotoroomAPIError/mayHaveBeenBilled`` marks unknown outcomes.
    func edit(_ request: EditRequest) async throws(PhotoroomAPIError) -> EditResponse
}

/// Reads the account's plan and balance. ``PhotoroomClient`` is the real one.
public protocol AccountReading: Sendable {
    /// The plan and the images available.
    func account() async throws(PhotoroomAPIError) -> AccountDetails
}

extension PhotoroomClient: EditSubmitting, AccountReading {}
