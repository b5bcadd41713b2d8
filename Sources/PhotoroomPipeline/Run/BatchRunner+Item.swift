import Foundation
import PhotoroomAPI

extension BatchRunner {
    /// Sends one item until it succeeds or fails for good. Its cost is already reserved in the ledger; the
    /// reservation is committed on success, released on a free failure, and counted as possibly spent when a
    /// call's outcome is unknown.
    func process(_ item: PreparedItem, context: SubmissionContext) async -> ManifestItem {
        var row = item.row
        let earlierCallMayHaveBilled: Bool
        if case .send(let billed) = item.action {
            earlierCallMayHaveBilled = billed
        } else {
            earlierCallMayHaveBilled = false
        }
        let policy = options.retry
        let startedAt = Date()
        let startedInstant = ContinuousClock.now
        var attempt = 0
        var retryableFailures = 0
        var throttles = 0
        var unknownRetriesLeft = policy.unknownOutcomeRetries
        let output = row.outputPath ?? context.layout.outputRelativePath(forInput: item.input.relativePath)
        row.outputPath = output
        row.status = .failed

        func finishTimings() {
            row.timings = ManifestItem.Timings(
                startedAt: startedAt,
                finishedAt: Date(),
                totalSeconds: (ContinuousClock.now - startedInstant).seconds,
                callSeconds: row.timings?.callSeconds
            )
        }
        /// Ends without another call: a free failure releases the reservation.
        func giveUp(status: ManifestItem.Status, code: String, message: String) async -> ManifestItem {
            await context.ledger.release(context.cost)
            row.status = status
            row.errorCode = code
            row.errorMessage = options.redact(message)
            if status == .pending { row.note = message }
            finishTimings()
            return row
        }

        while true {
            if attempt > 0 {
                let level = await control.level
                let stop = await context.state.stop
                if Task.isCancelled || level > .none || stop != nil {
                    let status: ManifestItem.Status = row.unknownOutcomes > 0 ? .failed : .pending
                    return await giveUp(status: status, code: "stopped", message: "the run stopped before a retry")
                }
            }
            do {
                try await context.pacer.waitForTurn()
            } catch {
                return await giveUp(status: .pending, code: "stopped", message: "the run stopped before the call")
            }
            if Task.isCancelled {
                return await giveUp(status: .pending, code: "stopped", message: "the run stopped before the call")
            }
            attempt += 1
            row.attempts = attempt
            if earlierCallMayHaveBilled || row.unknownOutcomes > 0 { row.possiblyBilledTwice = true }
            do {
                try await context.journal.append(
                    .attemptStarted(
                        runID: context.runID,
                        path: item.input.relativePath,
                        sha256: row.sha256 ?? "",
                        settingsHash: row.settingsHash,
                        attempt: attempt
                    ),
                    sync: false
                )
            } catch {
                await context.state.request(.bookkeeping(error))
                return await giveUp(status: .pending, code: "journal", message: error.message)
            }

            let temporary = context.files.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).part")
            let request = EditRequest(
                inputPath: item.input.url.path,
                fileName: item.input.url.lastPathComponent,
                contentType: item.inspection.contentType,
                parameters: options.edit.orderedParameters,
                headers: options.extraHeaders,
                destinationPath: temporary.path
            )
            let callStarted = ContinuousClock.now
            let response: EditResponse
            do {
                response = try await submitter.edit(request)
            } catch {
                if error.code != .rateLimited { await context.pacer.accepted() }
                try? FileManager.default.removeItem(at: temporary)
                row.lastHTTPStatus = error.httpStatus
                row.timings = nil
                let message = options.redact(error.message)

                if error.mayHaveBeenBilled || (Task.isCancelled && error.code != .network && error.code != .timeout) {
                    // Unknown outcome: the service may have done and billed the work.
                    await context.ledger.markPossiblySpent(context.cost)
                    row.unknownOutcomes += 1
                    let canRetry = !Task.isCancelled && unknownRetriesLeft > 0
                    if canRetry, await context.ledger.reserve(context.cost) {
                        unknownRetriesLeft -= 1
                        // The connection broke after the upload: give the service a moment before sending again.
                        let delay = policy.delay(afterAttempt: 1)
                        await reportRetry(item, attempt: attempt, after: delay, reason: message)
                        do {
                            try await Task.sleep(for: delay)
                        } catch {
                            row.status = .failed
                            row.errorCode = "interrupted"
                            await context.ledger.release(context.cost)
                            row.errorMessage =
                                "the outcome of the call is unknown (it may have been billed): \(message); "
                                + "the run stopped before it was sent again"
                            finishTimings()
                            return row
                        }
                        continue
                    }
                    row.status = .failed
                    row.errorCode = error.code.description
                    row.errorMessage =
                        "the outcome of the call is unknown (it may have been billed): \(message)"
                        + (canRetry ? "; not sent again: the budget or balance is used up" : "")
                    finishTimings()
                    return row
                }
                if Task.isCancelled {
                    return await giveUp(
                        status: .failed,
                        code: "interrupted",
                        message: "cancelled by a second interrupt"
                    )
                }
                switch error.code {
                case .rateLimited:
                    throttles += 1
                    let pause = await context.pacer.throttled(retryAfter: error.retryAfter)
                    if throttles < max(policy.maxAttempts, 10) {
                        await reportRetry(item, attempt: attempt, after: pause, reason: message)
                        continue
                    }
                    return await giveUp(
                        status: .failed,
                        code: error.code.description,
                        message: "still rate limited after \(throttles) tries: \(message)"
                    )
                case .serverError, .network, .timeout:
                    retryableFailures += 1
                    if retryableFailures < policy.maxAttempts {
                        let delay = policy.delay(afterAttempt: retryableFailures)
                        await reportRetry(item, attempt: attempt, after: delay, reason: message)
                        do {
                            try await Task.sleep(for: delay)
                        } catch {
                            return await giveUp(
                                status: .pending,
                                code: "stopped",
                                message: "the run stopped before a retry"
                            )
                        }
                        continue
                    }
                    return await giveUp(
                        status: .failed,
                        code: error.code.description,
                        message: "failed after \(attempt) attempts: \(message)"
                    )
                case .unauthorized, .forbidden:
                    if await context.state.request(.authentication(message)) {
                        await reporter.handle(.stopping(reason: RunState.Stop.authentication(message).reason))
                    }
                    return await giveUp(status: .failed, code: error.code.description, message: message)
                case .paymentRequired:
                    if await context.state.request(.outOfImages(message)) {
                        await reporter.handle(.stopping(reason: RunState.Stop.outOfImages(message).reason))
                    }
                    return await giveUp(status: .failed, code: error.code.description, message: message)
                default:
                    return await giveUp(status: .failed, code: error.code.description, message: message)
                }
            }

            // Billed: move the result into place.
            await context.ledger.commit(context.cost)
            await context.pacer.accepted()
            row.lastHTTPStatus = response.status
            row.imagesCharged = context.cost
            let headers = ManifestItem.ResponseHeaders(
                uncertaintyScore: response.uncertaintyScore.map { Self.formatScore($0) },
                unsupportedAttributes: response.unsupportedAttributes,
                aiBackgroundSeed: response.aiBackgroundSeed
            )
            row.responseHeaders = headers.isEmpty ? nil : headers
            row.timings = ManifestItem.Timings(
                startedAt: startedAt,
                finishedAt: Date(),
                totalSeconds: 0,
                callSeconds: (ContinuousClock.now - callStarted).seconds
            )
            let destination = context.layout.outputURL(forOutput: output)
            do {
                try Self.moveIntoPlace(temporary, to: destination)
                row.status = .succeeded
                row.errorCode = nil
                row.errorMessage = nil
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                row.status = .failed
                row.errorCode = "output-write"
                row.errorMessage =
                    "the call succeeded (and was billed) but the result could not be saved: \(error.message)"
            }
            finishTimings()
            return row
        }
    }

    /// Renames a finished temporary file over its destination, creating the folders on the way.
    static func moveIntoPlace(_ temporary: URL, to destination: URL) throws(RunError) {
        do {
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
        } catch {
            throw RunError(
                code: .io,
                message: "cannot create \(destination.deletingLastPathComponent().path): \(error.localizedDescription)"
            )
        }
        if rename(temporary.path, destination.path) != 0 {
            throw RunError(
                code: .io,
                message: "cannot rename the result to \(destination.path): \(String(cString: strerror(errno)))"
            )
        }
    }

    static func formatScore(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Tells the reporter that an item's call will be sent again after `delay`.
    private func reportRetry(_ item: PreparedItem, attempt: Int, after delay: Duration, reason: String) async {
        await reporter.handle(
            .retrying(path: item.input.relativePath, attempt: attempt, delaySeconds: delay.seconds, reason: reason)
        )
    }
}
