import ArgumentParser
import Foundation
import PhotoroomAPI
import PhotoroomPipeline

/// `photoroom-batch account`: the balance, the plan and what a call costs.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show the account's plan, balance and what one /v2/edit call costs.",
        discussion: """
            Reads GET /v2/account (falling back to /v1/account) with the key from $PHOTOROOM_API_KEY \
            or --api-key-file. The key is never printed, only masked.
            """
    )

    @OptionGroup var api: APIOptions
    @OptionGroup var configOptions: ConfigurationOptions

    @Flag(name: .long, help: "Print JSON on standard output.")
    var json = false

    func run() async throws {
        let context = CommandContext.current
        let configuration = try configOptions.load(in: context)
        guard let key = try api.apiKey(in: context) else {
            context.err(
                "error: no API key: set PHOTOROOM_API_KEY or pass --api-key-file (or run `photoroom-batch emulator`)")
            throw ExitStatus.usage.exitCode
        }
        let client = PhotoroomClient(
            configuration: configuration.clientConfiguration(baseURL: try api.baseURL(in: context), key: key)
        )
        let summary: AccountSummary
        do {
            summary = try await AccountSummary.fetch(client: client, pricing: configuration.pricing)
        } catch {
            context.err("error: \(key.redact(error.description))")
            throw ExitStatus.for(apiError: error).exitCode
        }
        if json {
            context.out(try JSONOutput.encode(summary))
        } else {
            context.out(summary.text)
        }
    }
}

extension ExitStatus {
    /// The exit status for an API failure outside a batch.
    static func `for`(apiError error: PhotoroomAPIError) -> ExitStatus {
        if error.isAuthenticationFailure || error.code == .badRequest { return .authentication }
        if error.code == .paymentRequired { return .outOfImages }
        if error.code == .invalidConfiguration { return .usage }
        return .unavailable
    }
}
