import PhotoroomAPI

/// Sends one `/v1/segment` call. ``PhotoroomClient`` is the real one; tests substitute fakes.
public protocol SegmentSubmitting: Sendable {
    /// Sends the image and streams the full-size RGBA cutout to `request.destinationPath`.
    ///
    /// - Throws: ``PhotoroomAPIError``; ``PhotoroomAPIError/mayHaveBeenBilled`` marks unknown outcomes.
    func segment(_ request: SegmentRequest) async throws(PhotoroomAPIError) -> EditResponse
}

extension PhotoroomClient: SegmentSubmitting {}
