import Foundation
import Testing

@testable import PhotoroomPipeline

/// The reuse board's decisions as a table: what a finished row means for the other inputs of its key.
@Suite struct ReuseBoardTests {
    static let key = ContentKey(sha256: "aaaa", settingsHash: "s")

    static func row(
        _ status: ManifestItem.Status, charged: Decimal = 0, output: String? = nil, sha: String = "aaaa"
    ) -> ManifestItem {
        var row = ManifestItem(inputPath: "a.png", settingsHash: "s", status: status)
        row.sha256 = sha
        row.imagesCharged = charged
        row.outputSHA256 = output
        return row
    }

    @Test(arguments: [
        (row(.succeeded, charged: 5, output: "out"), ReuseBoard.Verdict.usable),
        (row(.reused, output: "out"), .usable),
        (row(.succeeded, charged: 5), .unpaid),
        (row(.failed, charged: 5), .billedUnusable),
        (row(.failed), .unpaid),
        (row(.pending), .unpaid),
    ])
    func aFinishedRowMeans(row: ManifestItem, verdict: ReuseBoard.Verdict) {
        #expect(ReuseBoard.verdict(of: row) == verdict)
    }

    @Test func aRowIsFiledOnlyUnderTheHashOfItsBytes() async {
        let board = ReuseBoard()
        #expect(await board.turn(for: Self.key) == .send)
        // The bytes sent were another content: the key's next input sends.
        await board.finished(Self.key, row: Self.row(.succeeded, charged: 5, output: "out", sha: "bbbb"))
        #expect(await board.turn(for: Self.key) == .send)
        // Positive control: a row of the key's own content serves the next input.
        let paid = Self.row(.succeeded, charged: 5, output: "out")
        await board.finished(Self.key, row: paid)
        #expect(await board.turn(for: Self.key) == .copy(paid))
    }

    @Test func aKeyBilledWithoutAUsableResultIsNotSentAgain() async {
        let board = ReuseBoard()
        #expect(await board.turn(for: Self.key) == .send)
        let refused = Self.row(.failed, charged: 5)
        await board.finished(Self.key, row: refused)
        #expect(await board.turn(for: Self.key) == .billedUnusable(refused))
        // Positive control: an unpaid failure lets the next input send.
        let other = ContentKey(sha256: "cccc", settingsHash: "s")
        #expect(await board.turn(for: other) == .send)
        await board.finished(other, row: Self.row(.failed, sha: "cccc"))
        #expect(await board.turn(for: other) == .send)
    }
}
