import ArgumentParser
import Foundation
import PhotoroomAPI
import PhotoroomPipeline

/// Where the API is and which key to use; shared by every command that talks to it.
struct APIOptions: ParsableArguments {
    @Option(
        name: .customLong("api-base"),
        help: "The API's base URL (default: $PHOTOROOM_API_BASE, else https://image-api.photoroom.com)."
    )
    var apiBase: String?

    @Option(
        name: .customLong("api-key-file"),
        help: "Read the API key from this file instead of $PHOTOROOM_API_KEY (the key is never printed)."
    )
    var apiKeyFile: String?

    /// The base URL to use.
    ///
    /// - Throws: `ValidationError` (exit 64) when it is not an http(s) URL, or uses `http://` to a host that is not
    ///   loopback: the key would travel unencrypted.
    func baseURL(in context: CommandContext) throws -> String {
        let (url, origin): (String, String)
        if let apiBase, !apiBase.isEmpty {
            (url, origin) = (apiBase, "--api-base")
        } else if let fromEnvironment = context.environment["PHOTOROOM_API_BASE"], !fromEnvironment.isEmpty {
            (url, origin) = (fromEnvironment, "PHOTOROOM_API_BASE")
        } else {
            return PhotoroomClient.Configuration.productionBaseURL
        }
        if let problem = PhotoroomClient.baseURLProblem(url) { throw ValidationError("\(origin): \(problem)") }
        return url
    }

    /// The key from `--api-key-file` or `PHOTOROOM_API_KEY`, or `nil` when neither gives one.
    ///
    /// A key file holds the key on one line; blank lines and comments (`#`) around it are fine, surrounding white
    /// space is dropped, and so is a `.env` assignment around it (`PHOTOROOM_API_KEY=…`, with `export` and quotes).
    ///
    /// - Throws: `ValidationError` (exit 64) naming the file or the variable and the reason, never the key: the file
    ///   cannot be read, holds no key or more than one line that is not a comment, or the key has a space or
    ///   control character inside.
    func apiKey(in context: CommandContext) throws -> APIKey? {
        if let apiKeyFile {
            guard let text = try? String(contentsOfFile: apiKeyFile, encoding: .utf8) else {
                throw ValidationError("\(apiKeyFile): cannot read the API key file")
            }
            return try Self.key(inFile: text, named: apiKeyFile)
        }
        guard let value = context.environment["PHOTOROOM_API_KEY"],
            !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return nil }
        do {
            return try APIKey.checked(value)
        } catch {
            throw ValidationError("PHOTOROOM_API_KEY: \(error.description)")
        }
    }

    /// The key a key file's `text` holds: its one line that is neither blank nor a comment.
    static func key(inFile text: String, named file: String) throws -> APIKey {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count <= 1 else {
            throw ValidationError(
                "\(file): the API key file has \(lines.count) lines that are not comments; "
                    + "put the key alone on one line (comments start with #)")
        }
        do {
            return try APIKey.checked(lines.first.map(Self.valueOfAssignment) ?? "")
        } catch .empty {
            throw ValidationError("\(file): the API key file holds no key (only blank lines or comments)")
        } catch {
            throw ValidationError("\(file): \(error.description)")
        }
    }
}

extension APIOptions {
    /// The value of a `.env` line that assigns the key (`PHOTOROOM_API_KEY=sk_…`, `export PHOTOROOM_API_KEY="sk_…"`),
    /// or `line` itself when it is not such an assignment.
    static func valueOfAssignment(_ line: String) -> String {
        var rest = Substring(line)
        if rest.hasPrefix("export ") { rest = rest.dropFirst("export ".count).drop(while: \.isWhitespace) }
        guard rest.hasPrefix("PHOTOROOM_API_KEY") else { return line }
        rest = rest.dropFirst("PHOTOROOM_API_KEY".count).drop(while: \.isWhitespace)
        guard rest.first == "=" else { return line }
        var value = rest.dropFirst().trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }
}

extension PipelineConfiguration {
    /// The client settings for `baseURL` and `key` with this configuration's `timeouts` (`editSeconds` bounds a
    /// whole `/v2/edit` or `/v1/segment` exchange, `idleSeconds` a silence in an answer, `accountSeconds` an
    /// account read).
    func clientConfiguration(baseURL: String, key: APIKey) -> PhotoroomClient.Configuration {
        PhotoroomClient.Configuration(
            baseURL: baseURL, apiKey: key, accountTimeout: accountTimeout, editTimeout: editTimeout,
            segmentTimeout: editTimeout, idleReadTimeout: idleReadTimeout)
    }
}
