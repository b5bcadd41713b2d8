import Foundation
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// Money rule 3: output names are settled at preflight, before anything is paid. Two inputs that would write one
/// output (case, NFC, extension), a file and a folder of the same name, and a name OUT_DIR's file system refuses
/// fail their item before its call.
@Suite struct OutputClaimsTests {
    typealias Support = RunEmulatorSupport

    @Test func claimsFoldCaseAndUnicodeNormalisation() {
        var table = OutputClaimTable()
        #expect(table.claim("shoes/Caf\u{E9}.png", for: "shoes/Caf\u{E9}.jpg") == nil)
        #expect(
            table.claim("shoes/cafe\u{301}.png", for: "shoes/cafe\u{301}.png")
                == .sameOutput(owner: "shoes/Caf\u{E9}.jpg"))
        #expect(table.claim("shoes/CAFÉ.png", for: "shoes/CAFÉ.jpeg") == .sameOutput(owner: "shoes/Caf\u{E9}.jpg"))
        // Positive control: another name is free, and a re-claim by the owner holds.
        #expect(table.claim("shoes/cafe.png", for: "shoes/cafe.jpg") == nil)
        #expect(table.claim("shoes/Caf\u{E9}.png", for: "shoes/Caf\u{E9}.jpg") == nil)
    }

    @Test func aFileAndAFolderOfTheSameNameClashEitherWay() {
        var fileFirst = OutputClaimTable()
        #expect(fileFirst.claim("cat.png", for: "cat.jpg") == nil)
        #expect(
            fileFirst.claim("Cat.png/a.png", for: "Cat.png/a.jpg")
                == .fileWhereFolderGoes(folder: "Cat.png", owner: "cat.jpg"))
        #expect(fileFirst.claim("cat.png2/a.png", for: "cat.png2/a.jpg") == nil, "a longer folder name is no clash")

        var folderFirst = OutputClaimTable()
        #expect(folderFirst.claim("cat.png/deep/a.png", for: "cat.png/deep/a.jpg") == nil)
        #expect(folderFirst.claim("cat.png", for: "cat.jpg") == .folderOfOtherOutputs(owner: "cat.png/deep/a.jpg"))
        #expect(
            folderFirst.claim("cat.png/deep", for: "cat.png/deep.jpg")
                == .folderOfOtherOutputs(owner: "cat.png/deep/a.jpg"))
    }

    @Test func namesLongerThanTheFileSystemAllowsAreRefused() {
        var table = OutputClaimTable(limits: OutputNameLimits(outputDirectory: "/out", nameMax: 10, pathMax: 30))
        #expect(table.claim("abcdef.png", for: "abcdef.jpg") == nil, "10 bytes fit")
        #expect(
            table.claim("abcdefg.png", for: "abcdefg.jpg")
                == .nameTooLong(component: "abcdefg.png", bytes: 11, limit: 10))
        #expect(
            table.claim("a/b/c/d/e/f/g/h/i/j/k/l.png", for: "x")
                == .pathTooLong(path: "/out/a/b/c/d/e/f/g/h/i/j/k/l.png", bytes: 32, limit: 29))
        let real = OutputNameLimits.of(URL(fileURLWithPath: "/tmp/does-not-exist-\(UUID().uuidString)/out"))
        #expect(real.nameMax >= 14 && real.nameMax < 100_000)
    }

    @Test func aFileAndAFolderOfTheSameOutputNameAreNotBothPaid() async throws {
        try await withRunDirectories { input, output in
            try LedgerEmulatorTests.write(["cat.jpg", "cat.png/a.png", "dog.png"], seeds: [1, 2, 3], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(outcome.exitCode == 1)
                let clash = try #require(outcome.failures.first)
                #expect(outcome.failures.count == 1)
                #expect(clash.inputPath == "cat.png/a.png")
                #expect(clash.errorCode == "output-collision")
                #expect(clash.errorMessage?.contains("cat.jpg") == true)
                #expect(clash.imagesCharged == 0)
                // Positive control: the two others were paid and delivered.
                #expect(await running.state().successfulEdits == 2)
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("dog.png").path))
            }
        }
    }

    @Test func aFolderInOutDirWhereTheOutputGoesFailsBeforeTheCall() async throws {
        try await withRunDirectories { input, output in
            try LedgerEmulatorTests.write(["cat.jpg", "dog.jpg"], seeds: [1, 2], in: input)
            try FileManager.default.createDirectory(
                at: output.appendingPathComponent("cat.png"), withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: output.appendingPathComponent("dog.png2"))
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(outcome.failures.map(\.inputPath) == ["cat.jpg"])
                #expect(outcome.failures.first?.errorCode == "output-exists")
                #expect(outcome.failures.first?.errorMessage?.contains("is a folder") == true)
                #expect(await running.state().successfulEdits == 1)
            }
        }
    }

    @Test func anOutputNameOverTheFileSystemLimitIsRefusedBeforeItIsPaid() async throws {
        try await withRunDirectories { input, output in
            let stem = String(repeating: "n", count: 251)
            try LedgerEmulatorTests.write(["\(stem).png", "short.png"], seeds: [1, 2], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let options = testRunOptions(input: input, output: output, edit: ["export.format": "webp"])
                let outcome = await Support.run(options, running)
                let long = try #require(outcome.failures.first { $0.inputPath.hasPrefix(stem) })
                #expect(long.errorCode == "output-name-too-long")
                #expect(long.errorMessage?.contains("255 bytes") == true)
                #expect(long.imagesCharged == 0)
                // Positive control: the short name was sent (and billed).
                #expect(await running.state().chargedTotal == 5)
            }
        }
    }
}
