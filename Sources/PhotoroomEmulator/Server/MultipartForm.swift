import Foundation
import Hummingbird
import MultipartKit

/// The parts of a `multipart/form-data` body, by field name, in the order they came.
struct MultipartForm: Sendable {
    /// One part.
    struct Part: Sendable {
        /// The `name` of its `Content-Disposition`.
        var name: String
        /// The `filename`, when the part is a file.
        var filename: String?
        /// The part's `Content-Type`, if given.
        var contentType: String?
        /// The raw bytes.
        var bytes: [UInt8]

        /// The bytes as UTF-8 text (for ordinary fields).
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Every part, in order.
    var parts: [Part]

    /// The first part named `name`.
    func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// Why a body could not be read as a form.
    enum ParseError: Error {
        case notMultipart
        case malformed
    }

    /// Parses `body` with MultipartKit's streaming parser.
    ///
    /// - Parameters:
    ///   - body: the whole request body.
    ///   - contentType: the request's `Content-Type` (it carries the boundary).
    static func parse(_ body: ByteBuffer, contentType: String?) throws(ParseError) -> MultipartForm {
        guard let contentType, let boundary = boundary(in: contentType) else { throw .notMultipart }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name: name, value: value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.complete() }
        do {
            try parser.execute(body)
        } catch {
            throw .malformed
        }
        return MultipartForm(parts: collector.parts)
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(in contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = pieces.first, first.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// Accumulates parser callbacks into parts (used on one task only).
    private final class Collector {
        var parts: [Part] = []
        private var name: String?
        private var filename: String?
        private var contentType: String?
        private var bytes: [UInt8] = []

        func header(name headerName: String, value: String) {
            switch headerName.lowercased() {
            case "content-disposition":
                name = Self.parameter("name", in: value)
                filename = Self.parameter("filename", in: value)
            case "content-type":
                contentType = value
            default:
                break
            }
        }

        func body(_ buffer: inout ByteBuffer) {
            bytes.append(contentsOf: buffer.readableBytesView)
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        }

        func complete() {
            if let name {
                parts.append(Part(name: name, filename: filename, contentType: contentType, bytes: bytes))
            }
            name = nil
            filename = nil
            contentType = nil
            bytes = []
        }

        /// A `key="value"` (or unquoted) parameter of a header value.
        static func parameter(_ key: String, in header: String) -> String? {
            for piece in header.split(separator: ";") {
                let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == key else { continue }
                var value = String(pair[1])
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return value
            }
            return nil
        }
    }
}
