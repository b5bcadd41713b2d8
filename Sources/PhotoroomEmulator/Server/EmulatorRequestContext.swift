import Foundation
public import Hummingbird

/// The request context of the emulator's router: Hummingbird's core storage, the connection (so a fault can
/// drop it), and per-request notes that the handlers fill in for the request log.
public struct EmulatorRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Closes the request's connection (a drop fault).
    private let closeConnection: @Sendable () async -> Void
    /// Waits until the client closes the connection, or for at most this many milliseconds (a stall fault).
    private let waitForClose: @Sendable (Int64) async -> Void
    /// What the handler learnt about the request (charge, parameter names), for the request log.
    let notes: RequestNotes

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let channel = source.channel
        self.closeConnection = { try? await channel.close().get() }
        self.waitForClose = { milliseconds in await ClientDeparture.wait(on: channel, atMostMilliseconds: milliseconds)
        }
        self.notes = RequestNotes()
    }

    /// Uploads are bounded by ``EmulatorConfiguration/maxUploadBytes`` in the handlers instead.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// Keeps the connection open without sending anything, until the client leaves or `milliseconds` passed.
    func holdConnection(atMostMilliseconds milliseconds: Int) async {
        await waitForClose(Int64(milliseconds))
    }

    /// Closes the client connection without answering, and waits for the close to finish.
    func dropConnection() async {
        await closeConnection()
    }
}

/// Facts about one request gathered by its handler, read by the middleware when it writes the request log.
final class RequestNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var _charged: Decimal = 0
    private var _parameterNames: [String] = []

    /// The images charged for this request.
    var charged: Decimal {
        get { lock.withLock { _charged } }
        set { lock.withLock { _charged = newValue } }
    }

    /// The names of the parameters the request carried (never their values, never the key).
    var parameterNames: [String] {
        get { lock.withLock { _parameterNames } }
        set { lock.withLock { _parameterNames = newValue } }
    }
}

/// Thrown by a handler to have the connection closed without a response (a drop fault); the middleware
/// records the drop, then closes the connection.
struct ConnectionDropped: Error, CustomStringConvertible {
    /// Whether the call was charged before the drop.
    var afterBilling: Bool

    var description: String {
        afterBilling ? "connection dropped after billing (fault)" : "connection dropped before billing (fault)"
    }
}
