import Hummingbird
import NIOCore

/// The stalled-body fault: a 200 whose head and first bytes arrive, then nothing, as from a service or proxy that
/// hangs mid-answer. The stall is bounded (``FaultConfiguration/stallMs``) and ends as soon as the client leaves;
/// the connection is then closed, so the answer is never complete (with or without `Content-Length`).
struct StalledAnswer: Sendable {
    let faults: FaultConfiguration

    /// A 200 with `headers` that sends the first ``FaultConfiguration/stallAfterBytes`` bytes of `body` (at most all
    /// but one), then stalls.
    func response(headers: HTTPFields, body: [UInt8], context: EmulatorRequestContext) -> Response {
        var headers = headers
        headers[.contentLength] = faults.stallChunked ? nil : String(body.count)
        let sent = max(0, min(faults.stallAfterBytes, body.count - 1))
        let stallMs = max(0, faults.stallMs)
        let stalled = ResponseBody { writer in
            if sent > 0 {
                try await writer.write(ByteBuffer(bytes: body.prefix(sent)))
            }
            await context.holdConnection(atMostMilliseconds: stallMs)
            await context.dropConnection()
            throw ConnectionDropped(afterBilling: true)
        }
        return Response(status: .ok, headers: headers, body: stalled)
    }
}

/// Waits, during a stall, for the client to leave: its end of the connection closed (the server allows half-closed
/// connections, so that is an `inputClosed` event, not a closed channel), the channel closed, the handler's task
/// cancelled (the emulator shutting down), or the stall's time up; whichever comes first.
enum ClientDeparture {
    static func wait(on channel: any Channel, atMostMilliseconds milliseconds: Int64) async {
        let ended = channel.eventLoop.makePromise(of: Void.self)
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) { ended.succeed(()) }
        channel.closeFuture.whenComplete { _ in ended.succeed(()) }
        channel.eventLoop.execute {
            try? channel.pipeline.syncOperations.addHandler(InputClosedWatcher(ended: ended), position: .first)
        }
        await withTaskCancellationHandler {
            try? await ended.futureResult.get()
        } onCancel: {
            ended.succeed(())
        }
        timer.cancel()
    }

    /// Completes `ended` when the peer closes its side of the connection; passes everything on.
    private final class InputClosedWatcher: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let ended: EventLoopPromise<Void>

        init(ended: EventLoopPromise<Void>) { self.ended = ended }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event { ended.succeed(()) }
            context.fireUserInboundEventTriggered(event)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireChannelRead(data)
        }
    }
}
