import Foundation
import PhotoroomAPI
import PhotoroomRendering

extension BatchRunner {
    /// The `/v1/segment` client: ``segmenter`` when set, else the submitter when it can segment.
    var segmentClient: (any SegmentSubmitting)? { segmenter ?? (submitter as? any SegmentSubmitting) }

    /// Sends the item's one call: `/v1/segment` for a `segment` item, `/v2/edit` otherwise; the answer's bytes go
    /// to `temporary`.
    func sendCall(
        _ item: PreparedItem, contents: [UInt8]?, to temporary: URL
    ) async throws(PhotoroomAPIError) -> EditResponse {
        let file: URL
        switch item.source {
        case .file(let url): file = url
        }
        guard item.route == .segment else {
            return try await submitter.edit(
                EditRequest(
                    inputPath: file.path,
                    fileName: file.lastPathComponent,
                    contentType: item.inspection.contentType,
                    parameters: options.edit.orderedParameters,
                    headers: options.extraHeaders,
                    destinationPath: temporary.path,
                    inputContents: contents
                )
            )
        }
        guard let client = segmentClient else {
            throw PhotoroomAPIError(code: .invalidConfiguration, message: "no /v1/segment client for --route")
        }
        return try await client.segment(
            SegmentRequest(
                inputPath: file.path,
                fileName: file.lastPathComponent,
                contentType: item.inspection.contentType,
                destinationPath: temporary.path,
                inputContents: contents
            )
        )
    }

    /// After a billed `/v1/segment` call: stores the paid cutout durably (fsynced, renamed into
    /// `OUT_DIR/.photoroom-batch/cutouts/`, journaled), then finishes it locally into the item's output. A
    /// finishing failure fails the item without another call: the next run finishes from the stored cutout.
    func storeAndFinish(cutout temporary: URL, row: ManifestItem, context: SubmissionContext) async -> ManifestItem {
        var row = row
        let saver = resultSaver
        let sha = row.sha256 ?? ""
        let relative = CutoutStore.relativePath(inputSHA256: sha, keyHash: context.cutoutKey)
        let cutoutURL = options.outputDirectory.appendingPathComponent(relative)
        let digest: String
        do throws(ResultSaveError) {
            digest = try await BlockingIO.run { () throws(ResultSaveError) -> String in
                try saver.moveIntoPlace(temporary, to: cutoutURL)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            await noteDiskFailure(error.message, errorIsDisk: error.isDiskFull, context: context)
            row.status = .failed
            row.errorCode = "result-not-saved"
            row.errorMessage = "the /v1/segment call was billed but its cutout could not be saved: \(error.message)"
            return row
        }
        let stored = StoredCutout(path: relative, sha256: digest)
        do {
            try await context.journal.append(
                .cutoutStored(runID: context.runID, cutout: stored, inputSHA256: sha, keyHash: context.cutoutKey)
            )
        } catch {
            if await context.state.request(.bookkeeping(error)) {
                await reporter.handle(.stopping(reason: RunState.Stop.bookkeeping(error).reason))
            }
        }
        return await finishLocally(from: stored, row: row, context: context, freeNote: nil)
    }

    /// Finishes a `segment` item from the cutout an earlier run paid for and stored, without a call. Returns nil
    /// when that cutout is missing or its bytes changed (the item is sent again).
    func finishFromStoredCutout(_ item: PreparedItem, context: SubmissionContext) async -> ManifestItem? {
        guard let stored = item.storedCutout else { return nil }
        let url = options.outputDirectory.appendingPathComponent(stored.path)
        let intact = try? await BlockingIO.run { () throws(ResultSaveError) -> Bool in
            try FileResultSaver.syncAndHash(url) == stored.sha256
        }
        guard intact == true else { return nil }
        var row = item.row
        row.outputPath = row.outputPath ?? context.layout.outputRelativePath(forInput: item.input.relativePath)
        row.imagesCharged = 0
        let started = Date()
        let instant = ContinuousClock.now
        row = await finishLocally(
            from: stored, row: row, context: context,
            freeNote: "finished from the cutout paid in an earlier run (no call)")
        row.timings = ManifestItem.Timings(
            startedAt: started, finishedAt: Date(), totalSeconds: (ContinuousClock.now - instant).seconds)
        return row
    }

    /// Renders the stored cutout with the run's recipe into the item's output (through the temporary folder,
    /// fsynced, renamed).
    private func finishLocally(
        from stored: StoredCutout,
        row: ManifestItem,
        context: SubmissionContext,
        freeNote: String?
    ) async -> ManifestItem {
        var row = row
        guard let recipe = context.finishing, let output = row.outputPath else {
            row.status = .failed
            row.errorCode = "finishing-failed"
            row.errorMessage = "internal: no local recipe for a segment item"
            return row
        }
        let cutoutURL = options.outputDirectory.appendingPathComponent(stored.path)
        let destination = context.layout.outputURL(forOutput: output)
        let temporary = context.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).finished")
        let saver = outputSaver
        let outcome: Result<String, FinishingError>
        do throws(ResultSaveError) {
            outcome = try await BlockingIO.run { () throws(ResultSaveError) -> Result<String, FinishingError> in
                do throws(FinishingError) {
                    try Finisher.finish(cutoutAt: cutoutURL.path, recipe: recipe, writingTo: temporary.path)
                } catch {
                    return .failure(error)
                }
                return .success(try saver.moveIntoPlace(temporary, to: destination))
            }
        } catch {
            // The result could not be put in place: the cutout stays.
            try? FileManager.default.removeItem(at: temporary)
            await noteDiskFailure(error.message, errorIsDisk: error.isDiskFull, context: context)
            row.status = .failed
            row.errorCode = "result-not-saved"
            row.errorMessage =
                "the finished result could not be saved (\(error.message)); the paid cutout is kept in "
                + "\(stored.path): a re-run finishes from it without a new call"
            return row
        }
        switch outcome {
        case .success(let digest):
            row.outputSHA256 = digest
            row.status = .succeeded
            row.errorCode = nil
            row.errorMessage = nil
            if let freeNote { row.note = freeNote }
        case .failure(let error):
            try? FileManager.default.removeItem(at: temporary)
            row.status = .failed
            row.errorCode = "finishing-failed"
            row.errorMessage =
                "local finishing failed (\(error.message)); the paid cutout is kept in \(stored.path): "
                + "a re-run finishes from it without a new call"
        }
        return row
    }
}
