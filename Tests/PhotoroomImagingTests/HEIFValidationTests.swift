import Foundation
import Testing

@testable import PhotoroomImaging

/// HEIC/HEIF: recognised from the bytes, its size read from the container (`ispe` of the primary item, `irot`
/// applied), valid for the validator (only `/v1/segment` takes it: ``EndpointInputLimits``), and any truncated or
/// malformed box a `corrupt HEIF: …` verdict, never a crash.
@Suite struct HEIFValidationTests {
    typealias B = HEIFBuilder

    /// `Tests/Fixtures/heic/mug-orange.heic`, made by `scripts/make-heic-sample.sh` (heif-enc): 480×360 with a
    /// 120×90 thumbnail.
    static let fixture: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/heic/mug-orange.heic")

    static func fixtureBytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: fixture)) }

    @Test(arguments: [ProbeMode.header, .full])
    func realHEICIsValidWithItsSizeAndANote(mode: ProbeMode) throws {
        let verdict = ImageValidator(mode: mode).validate(fileAt: Self.fixture)
        #expect(verdict.status == .valid, "\(verdict)")
        #expect(verdict.format == .heic)
        let info = try #require(verdict.info)
        #expect((info.width, info.height) == (480, 360))
        #expect(info.checkedDepth == .header)
        #expect(info.byteCount == (try Self.fixtureBytes()).count)
        #expect(info.note?.contains("content integrity not checked") == true)
        #expect(info.note?.contains("only /v1/segment accepts HEIC") == true)
        #expect(verdict.description == "valid: HEIC/HEIF 480x360")
    }

    @Test func thePrimaryItemsSizeWinsOverAThumbnailListedFirst() {
        // Property 1 is the thumbnail's size, property 3 the primary image's; pitm names item 2.
        let file = B.file(
            properties: [B.ispe(160, 120), B.hvcC, B.ispe(4032, 3024)],
            associations: [(id: 1, properties: [2, 1]), (id: 2, properties: [2, 3])],
            primary: 2)
        let info = ImageValidator().validate(file, fileName: "photo.heic").info
        #expect(info.map { [$0.width, $0.height] } == [4032, 3024])
    }

    @Test(arguments: [0, 90, 180, 270])
    func irotOf90Or270SwapsWidthAndHeight(degrees: Int) throws {
        let (width, height) = degrees == 90 || degrees == 270 ? (3024, 4032) : (4032, 3024)
        let file = B.file(
            properties: [B.hvcC, B.ispe(4032, 3024), B.irot(degrees), B.ispe(256, 192)],
            associations: [(id: 1, properties: [1, 2, 3]), (id: 2, properties: [4])],
            primary: 1)
        let verdict = ImageValidator().validate(file, fileName: "turned.heic")
        let info = try #require(verdict.info, "\(verdict)")
        #expect((info.width, info.height) == (width, height))
        if degrees != 0 { #expect(info.note?.contains("rotated \(degrees)°") == true) }
    }

    @Test func anIrotOfAnotherItemIsNotApplied() throws {
        let file = B.file(
            properties: [B.ispe(4032, 3024), B.irot(90), B.ispe(256, 192)],
            associations: [(id: 1, properties: [1]), (id: 2, properties: [3, 2])],
            primary: 1)
        let info = try #require(ImageValidator().validate(file).info)
        #expect((info.width, info.height) == (4032, 3024))
    }

    @Test func oneIspeNeedsNoAssociations() throws {
        let file = B.file(properties: [B.hvcC, B.ispe(1200, 800), B.irot(270)])
        let info = try #require(ImageValidator().validate(file).info)
        #expect((info.width, info.height) == (800, 1200))
    }

    @Test func noIspeIsCorrupt() {
        let verdict = ImageValidator().validate(B.file(properties: [B.hvcC]), fileName: "a.heic")
        #expect(verdict.status == .invalid)
        #expect(verdict.format == .heic)
        #expect(verdict.errors.map(\.code) == [.corrupt])
        #expect(verdict.errors.first?.message == "corrupt HEIF: no ispe property (the image size)")
    }

    @Test func severalIspeWithoutAPrimaryItemAreCorrupt() {
        let verdict = ImageValidator().validate(B.file(properties: [B.ispe(10, 10), B.ispe(20, 20)]))
        #expect(verdict.errors.first?.message.hasPrefix("corrupt HEIF: 2 ispe properties") == true)
    }

    @Test func aPrimaryItemWithoutAnIspeIsCorrupt() {
        let file = B.file(
            properties: [B.ispe(100, 100), B.hvcC], associations: [(id: 1, properties: [2]), (id: 2, properties: [1])],
            primary: 1)
        #expect(ImageValidator().validate(file).errors.first?.message.contains("primary item has no ispe") == true)
    }

    @Test func zeroDimensionsAndAFileWithoutMetaAreCorrupt() {
        let zero = ImageValidator().validate(B.file(properties: [B.ispe(0, 300)]))
        #expect(zero.errors.first?.message == "corrupt HEIF: ispe gives 0x300: zero dimensions")
        let bare = ImageValidator().validate(B.ftyp + B.box("mdat", [1, 2, 3]))
        #expect(bare.errors.first?.message.hasPrefix("corrupt HEIF: no meta box") == true)
    }

    @Test func aBoxLargerThanItsParentIsCorrupt() {
        var file = B.file(properties: [B.hvcC, B.ispe(640, 480)])
        // The ispe box announces 2^20 bytes inside an ipco of about 50.
        let ispe = Array("ispe".utf8)
        let at = (0..<file.count - 4).first { Array(file[$0..<$0 + 4]) == ispe }! - 4
        file.replaceSubrange(at..<at + 4, with: B.u32(1 << 20))
        let verdict = ImageValidator().validate(file)
        #expect(verdict.errors.map(\.code) == [.corrupt])
        #expect(verdict.errors.first?.message.hasPrefix("corrupt HEIF: the ispe box announces 1048576 bytes") == true)
    }

    @Test func anIpmaCountingMoreItemsThanItHoldsIsCorrupt() {
        var ipma = B.ipma([(id: 1, properties: [1])])
        ipma.replaceSubrange(12..<16, with: B.u32(0x7FFF_FFFF))  // entry_count
        let file =
            B.ftyp
            + B.fullBox(
                "meta", B.fullBox("pitm", B.u16(1)) + B.box("iprp", B.box("ipco", B.ispe(64, 64) + B.ispe(8, 8)) + ipma)
            )
        let message = ImageValidator().validate(file).errors.first?.message
        #expect(message == "corrupt HEIF: ipma announces 2147483647 items, more than it can hold")
    }

    @Test func everyTruncationOfARealFileIsRefusedWithoutACrash() throws {
        let bytes = try Self.fixtureBytes()
        var truncated = 0
        for length in 0..<bytes.count {
            let verdict = ImageValidator().validate(Array(bytes.prefix(length)), fileName: "cut.heic")
            #expect(verdict.status == .invalid, "cut at \(length): \(verdict)")
            if length >= 40 {  // past the ftyp box: recognised as HEIF, and the message says what is wrong
                let message = verdict.errors.first?.message ?? ""
                #expect(message.hasPrefix("corrupt HEIF: "), "cut at \(length): \(message)")
                if verdict.errors.first?.code == .truncated { truncated += 1 }
            }
        }
        // Cuts inside mdat are caught too: its announced size is checked against the file's.
        let cutInMdat = ImageValidator().validate(Array(bytes.dropLast(100)), fileName: "cut.heic")
        #expect(cutInMdat.errors.map(\.code) == [.truncated])
        #expect(cutInMdat.errors.first?.message.contains("the mdat box announces") == true)
        #expect(truncated > bytes.count / 2)
    }

    @Test func aFileCutBeforeItsImageDataIsTruncated() throws {
        // Cut exactly where mdat starts: every box is whole, but iloc points past the end.
        let bytes = try Self.fixtureBytes()
        let mdat = Array("mdat".utf8)
        let cut = (0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == mdat }! - 4
        let verdict = ImageValidator().validate(Array(bytes.prefix(cut)), fileName: "cut.heic")
        #expect(verdict.errors.map(\.code) == [.truncated])
        #expect(verdict.errors.first?.message.contains("lies past the end of the file") == true, "\(verdict)")
    }

    @Test func aMetaWithoutIlocIsCorrupt() {
        let meta = B.fullBox("meta", B.box("iprp", B.box("ipco", B.ispe(64, 64))))
        let verdict = ImageValidator().validate(B.ftyp + meta)
        #expect(verdict.errors.first?.message == "corrupt HEIF: no iloc box in meta (the image data is not located)")
    }

    @Test func headerModeReadsPastItsHeadWhenMetaFollowsALargeMdat() throws {
        // 300 KB of mdat before meta: more than the 256 KB header mode reads first.
        let file = B.file(
            properties: [B.ispe(2000, 1500)], mdat: [UInt8](repeating: 7, count: 300_000), mdatFirst: true)
        try withTemporaryDirectory { directory in
            let url = try write(file, named: "late-meta.heic", in: directory)
            let verdict = ImageValidator(mode: .header).validate(fileAt: url)
            #expect(verdict.info.map { [$0.width, $0.height] } == [2000, 1500], "\(verdict)")
        }
    }

    @Test func aHugeClaimedSizeIsRefusedAsTooManyPixels() {
        let verdict = ImageValidator().validate(B.file(properties: [B.ispe(60_000, 60_000)]))
        #expect(verdict.errors.map(\.code) == [.tooManyPixels])
        #expect(verdict.errors.first?.message.contains("60000x60000") == true)
    }

    @Test func the32BitLimitsOfIspeNeitherOverflowNorCrash() {
        let verdict = ImageValidator().validate(B.file(properties: [B.ispe(0xFFFF_FFFF, 0xFFFF_FFFF)]))
        #expect(verdict.errors.map(\.code) == [.tooManyPixels])
        #expect(verdict.errors.first?.message.contains("4294967295x4294967295") == true)
    }

    @Test func anIlocWithEmptyExtentFieldsIsReadQuickly() throws {
        // 0-byte offsets and lengths, 65,535 extents per item: nothing to check, nothing to loop over.
        let iloc = B.fullBox(
            "iloc", [0x00, 0x00] + B.u16(200) + (1...200).flatMap { B.u16($0) + B.u16(0) + B.u16(0xFFFF) })
        let meta = B.fullBox("meta", iloc + B.box("iprp", B.box("ipco", B.ispe(640, 480))))
        let info = try #require(ImageValidator().validate(B.ftyp + meta).info)
        #expect((info.width, info.height) == (640, 480))
    }

    @Test func mutatedHEICsNeverCrash() throws {
        let originals = [
            try Self.fixtureBytes(),
            B.file(
                properties: [B.hvcC, B.ispe(4032, 3024), B.irot(90)], associations: [(id: 1, properties: [1, 2, 3])],
                primary: 1),
        ]
        var random = SplitMix(seed: 2026)
        var verdicts = 0
        for original in originals {
            for mutation in RobustnessTests.Mutation.allCases {
                for _ in 0..<200 {
                    let damaged = RobustnessTests.mutate(original, mutation, &random)
                    _ = ImageValidator(mode: .header).validate(damaged, fileName: "fuzz.heic")
                    verdicts += 1
                }
            }
        }
        #expect(verdicts == originals.count * RobustnessTests.Mutation.allCases.count * 200)
    }

    @Test func segmentAcceptsHEICAndEditSaysWhereToSendIt() {
        #expect(
            EndpointInputLimits.segment.problem(
                endpoint: "/v1/segment", format: .heic, fileBytes: 1562, width: 480, height: 360) == nil)
        #expect(
            EndpointInputLimits.edit.problem(
                endpoint: "/v2/edit", format: .heic, fileBytes: 1562, width: 480, height: 360)
                == "HEIC/HEIF is not accepted by /v2/edit; /v1/segment accepts it")
        let wide = EndpointInputLimits.segment.problem(
            endpoint: "/v1/segment", format: .heic, fileBytes: 1562, width: 8064, height: 6048)
        #expect(wide == "8064 × 6048 px is over /v1/segment's 6000 px limit on the widest side")
        #expect(
            EndpointInputLimits.edit.problem(endpoint: "/v2/edit", format: .gif, fileBytes: 10, width: 1, height: 1)
                == "GIF is not accepted by /v2/edit (it takes PNG, JPEG, WebP)")
    }
}
