import Foundation
import PhotoroomAPI

extension BatchRunner {
    /// Why a billed result does not count: `result-invalid` (rule 6) or `unsupported-attributes` under
    /// `--strict` (rule 5).
    struct ResultRefusal: Sendable, Equatable {
        var code: String
        var message: String
        /// What the check found, for `result-invalid`.
        var problem: ResultProblem? = nil
    }

    /// Checks a billed result before it counts, and notes ignored parameters on the row as a warning.
    ///
    /// - Returns: the refusal when the result is invalid, or carries `pr-unsupported-attributes` under `--strict`.
    func judgeResult(
        at temporary: URL,
        response: EditResponse,
        expecting expectation: ResultExpectation,
        row: inout ManifestItem,
        pass: CallPass,
        context: SubmissionContext
    ) async -> ResultRefusal? {
        if let ignored = response.unsupportedAttributes?.trimmingCharacters(in: .whitespaces), !ignored.isEmpty {
            let issue = ManifestItem.Issue(
                code: "unsupported-attributes",
                message: "the API ignored parameters it does not support (pr-unsupported-attributes: \(ignored)); "
                    + "the call was billed all the same"
            )
            row.issues = (row.issues ?? []) + [issue]
        }
        if let problem = await ResultCheck.check(temporary, expecting: expectation) {
            await noteCheckedResult(problem, pass: pass, context: context)
            return ResultRefusal(code: "result-invalid", message: problem.message, problem: problem)
        }
        await noteCheckedResult(nil, pass: pass, context: context)
        if options.strict, let ignored = response.unsupportedAttributes, !ignored.isEmpty {
            return ResultRefusal(
                code: "unsupported-attributes",
                message: "--strict: the API ignored parameters (pr-unsupported-attributes: \(ignored))"
            )
        }
        return nil
    }

    /// Counts a checked billed result (`problem` nil: it passed) toward the stop for results that fail their check
    /// systematically (money rule 2): once it trips, no new call starts.
    /// The call's place at the gate, kept through the check when the last result failed its, is given back here.
    func noteCheckedResult(_ problem: ResultProblem?, pass: CallPass, context: SubmissionContext) async {
        if let stop = await context.state.noteCheckedResult(problem) {
            await reporter.handle(.stopping(reason: stop.reason))
        }
        await pass.giveBack()
    }

    /// Keeps a billed result that does not count out of the outputs, at `.photoroom-batch/rejected/OUTPUT`, and
    /// fails the row (billed, never sent again; see ``ResumeIndex/billedWithoutResult(for:)``). The row records the
    /// kept file's SHA-256 in ``ManifestItem/outputSHA256``: a later run that delivers it (one without `--strict`)
    /// checks the file against it, so a file damaged on disk meanwhile is not delivered.
    func refuse(
        _ temporary: URL,
        output: String,
        refusal: ResultRefusal,
        row: inout ManifestItem,
        context: SubmissionContext
    ) async {
        let aside = context.files.rejectedResult(forOutput: output)
        let saver = resultSaver
        var kept = "kept at \(aside.path)"
        do throws(ResultSaveError) {
            row.outputSHA256 = try await BlockingIO.run { () throws(ResultSaveError) -> String in
                try saver.moveIntoPlace(temporary, to: aside)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            row.outputSHA256 = nil
            await noteDiskFailure(error.message, errorIsDisk: error.isDiskFull, context: context)
            kept = "it could not be kept: \(error.message)"
        }
        row.status = .failed
        row.errorCode = refusal.code
        row.errorMessage =
            "billed, but the result does not count: \(refusal.message); \(kept); not sent again "
            + "(--resend-undelivered pays for it again)"
    }
}
