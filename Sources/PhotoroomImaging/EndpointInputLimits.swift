/// What one endpoint accepts as input, so validation can apply the limits of the route an item takes.
///
/// - `/v2/edit`: PNG, JPEG or WebP, at most 30 MB; no pixel maximum is documented.
/// - `/v1/segment`: PNG, JPEG, WebP or HEIC, at most 50 MB and 6,000 px on the widest side (25 MP or less
///   recommended).
public struct EndpointInputLimits: Sendable, Equatable {
    /// Files larger than this many bytes are refused.
    public var maxFileBytes: Int
    /// Images whose widest side is longer are refused; nil when the endpoint documents no maximum.
    public var maxLongestSide: Int?
    /// The container formats the endpoint accepts.
    public var acceptedFormats: Set<ImageFormat>

    public init(maxFileBytes: Int, maxLongestSide: Int?, acceptedFormats: Set<ImageFormat>) {
        self.maxFileBytes = maxFileBytes
        self.maxLongestSide = maxLongestSide
        self.acceptedFormats = acceptedFormats
    }

    /// `/v2/edit`'s `imageFile`.
    public static let edit = EndpointInputLimits(
        maxFileBytes: ValidationLimits.defaultMaxFileBytes, maxLongestSide: nil, acceptedFormats: [.png, .jpeg, .webp])

    /// `/v1/segment`'s `image_file`.
    public static let segment = EndpointInputLimits(
        maxFileBytes: 50_000_000, maxLongestSide: 6_000, acceptedFormats: [.png, .jpeg, .webp, .heic])

    /// Every endpoint's path and limits, to name the one that takes a format another refuses.
    public static let endpoints: [(path: String, limits: EndpointInputLimits)] = [
        ("/v2/edit", .edit), ("/v1/segment", .segment),
    ]

    /// Why an input does not fit these limits, or nil when it does.
    ///
    /// - Parameters:
    ///   - endpoint: the endpoint's path for the message (`/v1/segment`).
    ///   - format: the detected container format.
    ///   - fileBytes: the file's size.
    ///   - width: the image's width, when known.
    ///   - height: the image's height, when known.
    public func problem(
        endpoint: String, format: ImageFormat, fileBytes: Int, width: Int?, height: Int?
    ) -> String? {
        if !acceptedFormats.contains(format) {
            let others = Self.endpoints.filter { $0.path != endpoint }
            if let other = others.first(where: { $0.limits.acceptedFormats.contains(format) }) {
                return "\(format.displayName) is not accepted by \(endpoint); \(other.path) accepts it"
            }
            let names = ImageFormat.allCases.filter(acceptedFormats.contains).map(\.displayName)
            return "\(format.displayName) is not accepted by \(endpoint) (it takes \(names.joined(separator: ", ")))"
        }
        if fileBytes > maxFileBytes {
            return "\(fileBytes) bytes is over \(endpoint)'s \(maxFileBytes / 1_000_000) MB limit"
        }
        if let maxLongestSide, let width, let height, max(width, height) > maxLongestSide {
            return "\(width) × \(height) px is over \(endpoint)'s \(maxLongestSide) px limit on the widest side"
        }
        return nil
    }
}
