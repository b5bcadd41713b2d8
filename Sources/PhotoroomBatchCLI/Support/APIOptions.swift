import ArgumentParser
import Foundation
import PhotoroomAPI

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
    /// - Throws: `ValidationError` when the key file cannot be read or is empty.
    func apiKey(in context: CommandContext) throws -> APIKey? {
        if let apiKeyFile {
            guard let text = try? String(contentsOfFile: apiKeyFile, encoding: .utf8) else {
                throw ValidationError("\(apiKeyFile): cannot read the API key file")
            }
            guard let key = APIKey(text) else { throw ValidationError("\(apiKeyFile): the API key file is empty") }
            return key
        }
        return context.environment["PHOTOROOM_API_KEY"].flatMap(APIKey.init)
    }
}
