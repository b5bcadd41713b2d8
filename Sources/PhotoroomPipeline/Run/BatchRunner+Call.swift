import Foundation
import PhotoroomAPI

extension BatchRunner {
    /// Sends one item until it succeeds or fails for good. Its cost is already reserved in the ledger; the
    /// reservation is committed when the call is billed, released on a free failure, and counted as possibly
    /// spent when a call's outcome is unknown. Once a stop is asked for, no new call starts: the stop is checked
    /// after every wait (the gate, the pacer, `Retry-After`, back-off).
    ///
    /// `pass` takes the item's place at the ``CallGate`` before each call. A billed call gives it back at once
    /// (saving the result overlaps the next calls); so does a call sent again after a wait. A call that ends the
    /// item keeps it: the dispatcher gives it back once the item's row is counted, so a stop it causes holds for
    /// the next call.
    /// `contents` are the item's bytes when it is small enough to be sent from memory (read before its turn).
    func process(
        _ item: PreparedItem, contents: [UInt8]?, pass: CallPass, context: SubmissionContext
    ) async -> ManifestItem {
        if item.route == .segment, item.storedCutout != nil,
            let row = await finishFromStoredCutout(item, context: context)
        {
            return row
        }
        let cost = item.route == .segment ? context.segmentCost : context.cost
        if item.route == .segment, item.storedCutout != nil {
            // The stored cutout is gone or damaged: its call is paid again, and reserved here.
            guard await context.ledger.reserve(cost) else {
                return pendingRow(item, note: "not started: the budget or balance is used up")
            }
        }
        var row = item.row
        let earlierCallMayHaveBilled: Bool
        if case .send(let billed) = item.action {
            earlierCallMayHaveBilled = billed
        } else {
            earlierCallMayHaveBilled = false
        }
        let policy = AttemptPolicy(retry: options.retry)
        var state = AttemptPolicy.State(unknownRetriesLeft: options.retry.unknownOutcomeRetries)
        let startedAt = Date()
        let startedInstant = ContinuousClock.now
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
            await context.ledger.release(cost)
            row.status = status
            row.errorCode = code
            row.errorMessage = options.redact(message)
            if status == .pending { row.note = message }
            finishTimings()
            return row
        }
        func stopped(_ when: String) async -> ManifestItem {
            let status: ManifestItem.Status = row.unknownOutcomes > 0 ? .failed : .pending
            return await giveUp(status: status, code: "stopped", message: "the run stopped before \(when)")
        }

        while true {
            if state.attempts > 0, await stopAsked(context) { return await stopped("a retry") }
            await pass.take()
            guard await waitForTurnOrStop(context) else {
                await pass.giveBack()
                return await stopped(state.attempts > 0 ? "a retry" : "the call")
            }
            state.attempts += 1
            row.attempts = state.attempts
            if earlierCallMayHaveBilled || row.unknownOutcomes > 0 { row.possiblyBilledTwice = true }
            do {
                try await context.journal.append(
                    .attemptStarted(
                        runID: context.runID,
                        path: item.input.relativePath,
                        sha256: row.sha256 ?? "",
                        settingsHash: row.settingsHash,
                        attempt: state.attempts
                    ),
                    sync: false
                )
            } catch {
                await context.state.request(.bookkeeping(error))
                return await giveUp(status: .pending, code: "journal", message: error.message)
            }

            let temporary = context.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).part")
            let callStarted = ContinuousClock.now
            let response: EditResponse
            do {
                response = try await sendCall(item, contents: contents, to: temporary)
                // Billed: the next call may start at once (the bookkeeping below overlaps it), unless the last
                // result failed its check: then this one's check decides first whether paying goes on (rule 2).
                if !context.state.lastResultFailedItsCheck { await pass.giveBack() }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                row.lastHTTPStatus = error.httpStatus
                row.timings = nil
                let message = options.redact(error.message)
                state.stopRequested = await stopAsked(context)
                state.cancelled = Task.isCancelled
                if error.code != .rateLimited { await context.pacer.accepted() }
                if AttemptPolicy.isQuotaExhausted(
                    code: error.code, retryAfter: error.retryAfter, sandbox: options.sandbox)
                {
                    let hours = Int(((error.retryAfter ?? .zero).seconds / 3600).rounded(.up))
                    let stop = RunState.Stop.quotaExhausted(
                        "the sandbox key's quota is used up (429, Retry-After about \(hours) h): the run stopped; "
                            + "run again after the quota resets (100 calls a day, 1,000 a month), or use a live key")
                    if await context.state.request(stop) { await reporter.handle(.stopping(reason: stop.reason)) }
                    return await giveUp(status: .pending, code: "quota-exhausted", message: message)
                }
                switch policy.decide(after: error.code, state: state) {
                case .resultNotSaved:
                    // Billed, and the result is gone: never sent again.
                    await context.ledger.commit(cost)
                    row.imagesCharged = cost
                    row.lastHTTPStatus = 200
                    await noteDiskFailure(message, context: context)
                    row.errorCode = "result-not-saved"
                    row.errorMessage = "the call was billed but its result could not be saved: \(message)"
                    finishTimings()
                    return row
                case .retryUnknown(let delay):
                    await context.ledger.markPossiblySpent(cost)
                    row.unknownOutcomes += 1
                    guard await context.ledger.reserve(cost) else {
                        row.errorCode = error.code.description
                        row.errorMessage =
                            "the outcome of the call is unknown (it may have been billed): \(message); "
                            + "not sent again: the budget or balance is used up"
                        finishTimings()
                        return row
                    }
                    state.unknownRetriesLeft -= 1
                    await pass.giveBack()
                    // The connection broke after the upload: give the service a moment before sending again.
                    await reportRetry(item, attempt: state.attempts, after: delay, reason: message)
                    guard await sleepUnlessStopped(delay, context: context) else {
                        await context.ledger.release(cost)
                        row.errorCode = "interrupted"
                        row.errorMessage =
                            "the outcome of the call is unknown (it may have been billed): \(message); "
                            + "the run stopped before it was sent again"
                        finishTimings()
                        return row
                    }
                    continue
                case .unknownOutcome:
                    await context.ledger.markPossiblySpent(cost)
                    row.unknownOutcomes += 1
                    row.errorCode = error.code.description
                    row.errorMessage = "the outcome of the call is unknown (it may have been billed): \(message)"
                    finishTimings()
                    return row
                case .throttle:
                    state.throttles += 1
                    let capped = policy.cappedRetryAfter(error.retryAfter)
                    let pause = await context.pacer.throttled(retryAfter: capped)
                    await notePacing(context)
                    await pass.giveBack()
                    await reportRetry(item, attempt: state.attempts, after: pause, reason: message)
                    // Jitter on the resume, so the pool does not start again all at once.
                    let jitter = Duration.milliseconds(Int64.random(in: 0...max(1, Int64(pause.seconds * 100))))
                    guard await sleepUnlessStopped(jitter, context: context) else { return await stopped("a retry") }
                    continue
                case .retry(let delay):
                    state.retryableFailures += 1
                    await pass.giveBack()
                    await reportRetry(item, attempt: state.attempts, after: delay, reason: message)
                    guard await sleepUnlessStopped(delay, context: context) else { return await stopped("a retry") }
                    continue
                case .stopRun:
                    let stop: RunState.Stop =
                        error.code == .paymentRequired ? .outOfImages(message) : .authentication(message)
                    if await context.state.request(stop) {
                        await reporter.handle(.stopping(reason: stop.reason))
                    }
                    return await giveUp(status: .failed, code: error.code.description, message: message)
                case .leavePending:
                    return await stopped("a retry")
                case .giveUp:
                    if state.cancelled {
                        return await giveUp(
                            status: .failed, code: "interrupted", message: "cancelled by a second interrupt")
                    }
                    let text: String
                    switch error.code {
                    case .rateLimited: text = "still rate limited after \(state.throttles + 1) tries: \(message)"
                    case .serverError, .network, .timeout: text = "failed after \(state.attempts) attempts: \(message)"
                    default: text = message
                    }
                    return await giveUp(status: .failed, code: error.code.description, message: text)
                }
            }

            // Billed: from here on the item is never sent again, whatever happens to the result.
            await context.ledger.commit(cost)
            await context.pacer.accepted()
            row.lastHTTPStatus = response.status
            row.imagesCharged = cost
            if let uploaded = response.uploadedSHA256, uploaded != row.sha256 {
                // The input changed between hashing and upload: the journal records what was billed.
                row.note = "the input changed while it was sent; the result is for the bytes uploaded"
                row.sha256 = uploaded
            }
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
            if item.route == .segment {
                if let refusal = await judgeResult(
                    at: temporary,
                    response: response,
                    expecting: ResultExpectation(cutoutOf: item.row),
                    row: &row,
                    pass: pass,
                    context: context
                ) {
                    await refuse(temporary, output: output, refusal: refusal, row: &row, context: context)
                    finishTimings()
                    return row
                }
                row = await storeAndFinish(cutout: temporary, row: row, context: context)
                finishTimings()
                return row
            }
            if let refusal = await judgeResult(
                at: temporary,
                response: response,
                expecting: ResultExpectation(edit: options.edit),
                row: &row,
                pass: pass,
                context: context
            ) {
                await refuse(temporary, output: output, refusal: refusal, row: &row, context: context)
                finishTimings()
                return row
            }
            let saver = outputSaver
            let destination = context.layout.outputURL(forOutput: output)
            do throws(ResultSaveError) {
                row.outputSHA256 = try await BlockingIO.run { () throws(ResultSaveError) -> String in
                    try saver.moveIntoPlace(temporary, to: destination)
                }
                row.status = .succeeded
                row.errorCode = nil
                row.errorMessage = nil
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                await noteDiskFailure(error.message, errorIsDisk: error.isDiskFull, context: context)
                row.status = .failed
                row.errorCode = "result-not-saved"
                row.errorMessage = "the call was billed but its result could not be saved: \(error.message)"
            }
            finishTimings()
            return row
        }
    }
}
