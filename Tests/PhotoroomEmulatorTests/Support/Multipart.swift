import Foundation

/// Builds `multipart/form-data` bodies for the tests.
struct MultipartBody {
    /// The boundary used.
    let boundary = "emulator-test-boundary-7MA4YWxkTrZu0gW"
    private var bytes: [UInt8] = []

    /// An ordinary text field.
    mutating func add(_ name: String, _ value: String) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    /// A file field.
    mutating func addFile(_ name: String, filename: String, contentType: String, _ data: [UInt8]) {
        append(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: \(contentType)\r\n\r\n")
        bytes.append(contentsOf: data)
        append("\r\n")
    }

    /// The finished body.
    var body: [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }

    /// The request's `Content-Type`.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    private mutating func append(_ text: String) { bytes.append(contentsOf: Array(text.utf8)) }

    /// A body with `imageFile` (or `fileField`) plus `fields`.
    static func form(
        image: [UInt8]?, fileField: String = "imageFile", fields: [(String, String)] = []
    ) -> MultipartBody {
        var body = MultipartBody()
        for (name, value) in fields { body.add(name, value) }
        if let image { body.addFile(fileField, filename: "product.png", contentType: "image/png", image) }
        return body
    }
}
