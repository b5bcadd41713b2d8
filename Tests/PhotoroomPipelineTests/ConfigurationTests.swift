import Foundation
import PhotoroomPipeline
import PhotoroomPricing
import Testing

@Suite struct ConfigurationTests {
    func parse(_ json: String) throws(ConfigurationError) -> PipelineConfiguration {
        try PipelineConfiguration.parse(Data(json.utf8), file: "pipeline.json")
    }

    func error(_ json: String) -> ConfigurationError? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func theCommittedExampleLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let configuration = try PipelineConfiguration.load(from: root.appendingPathComponent("pipeline.json").path)
        #expect(configuration.edit["background.color"] == "FFFFFF")
        #expect(configuration.edit["padding"] == "0.1")
        #expect(configuration.edit["removeBackground"] == "true")
        #expect(configuration.plan == .auto)
    }

    @Test func emptyObjectGivesDefaults() throws {
        let configuration = try parse("{}")
        #expect(configuration.concurrency == 4)
        #expect(configuration.validation.mode == .full)
        #expect(configuration.edit.isEmpty)
        #expect(configuration.retry.unknownOutcomeRetries == 1)
        #expect(configuration.report)
    }

    @Test func theReportCanBeTurnedOff() throws {
        #expect(try parse(#"{"report": false}"#).report == false)
        #expect(try parse(#"{"report": true}"#).report)
        #expect(error(#"{"report": "no"}"#)?.key == "report")
    }

    @Test func editValuesBecomeAPIText() throws {
        let configuration = try parse(
            #"{"edit": {"padding": 0.1, "outputSize": "2000x2000", "removeBackground": true, "export.dpi": 300}}"#)
        #expect(
            configuration.edit == [
                "padding": "0.1", "outputSize": "2000x2000", "removeBackground": "true", "export.dpi": "300",
            ])
    }

    @Test func unknownEditParameterNamesFileKeyAndSuggestion() throws {
        let failure = try #require(error(#"{"edit": {"background.colour": "FFFFFF"}}"#))
        #expect(failure.code == .unknownEditParameter)
        #expect(failure.file == "pipeline.json")
        #expect(failure.key == "edit.background.colour")
        #expect(failure.description.contains("did you mean \"background.color\""))
    }

    @Test func badEditValueIsRefused() throws {
        let failure = try #require(error(#"{"edit": {"export.format": "gif"}}"#))
        #expect(failure.code == .invalidEditParameter)
        #expect(failure.key == "edit.export.format")
        #expect(failure.reason.contains("png"))
    }

    @Test func conflictingEditParametersAreRefused() throws {
        let failure = try #require(error(#"{"edit": {"removeBackground": false, "referenceBox": "originalImage"}}"#))
        #expect(failure.code == .conflictingEditParameters)
        #expect(failure.key == "edit.referenceBox")
    }

    @Test func inputImageParametersAreRefused() throws {
        #expect(error(#"{"edit": {"imageFile": "x.jpg"}}"#)?.code == .invalidEditParameter)
        #expect(error(#"{"edit": {"imageUrl": "http://x/y.jpg"}}"#)?.code == .invalidEditParameter)
    }

    @Test func unknownTopLevelKeySuggests() throws {
        let failure = try #require(error(#"{"concurency": 3}"#))
        #expect(failure.code == .unknownKey)
        #expect(failure.key == "concurency")
        #expect(failure.reason.contains("did you mean \"concurrency\""))
    }

    @Test func wrongTypesAndRanges() throws {
        #expect(error(#"{"concurrency": "four"}"#)?.key == "concurrency")
        #expect(error(#"{"concurrency": 0}"#)?.code == .invalidValue)
        #expect(error(#"{"retry": {"maxAttempts": 2.5}}"#)?.key == "retry.maxAttempts")
        #expect(error(#"{"validation": {"mode": "deep"}}"#)?.key == "validation.mode")
        #expect(error(#"{"validation": {"maxFileBytes": "big"}}"#)?.key == "validation.maxFileBytes")
        #expect(error(#"{"input": {"include": ["/abs/*.jpg"]}}"#)?.key == "input.include[0]")
        #expect(error(#"{"version": 2}"#)?.code == .unsupportedVersion)
        #expect(error(#"{"editHeaders": {"x-api-key": "k"}}"#)?.code == .invalidValue)
        #expect(error("{not json")?.code == .invalidJSON)
    }

    @Test func validationLimitsAreRead() throws {
        let configuration = try parse(#"{"validation": {"mode": "header", "maxFileBytes": 1000, "warnOnCMYK": false}}"#)
        #expect(configuration.validation.mode == .header)
        #expect(configuration.validation.limits.maxFileBytes == 1000)
        #expect(configuration.validation.limits.warnOnCMYK == false)
    }

    @Test func customPlanAndPrices() throws {
        let configuration = try parse(
            #"{"plan": "enterprise", "pricing": {"plans": {"enterprise": {"edit": 0.5, "segment": 0.1}}, "pricePerImageUSD": {"basic": 0.03}}}"#
        )
        #expect(configuration.plan == .fixed(Plan("enterprise")))
        #expect(try configuration.pricing.cost(of: .edit, on: Plan("enterprise")) == Decimal(string: "0.5")!)
        #expect(try configuration.pricing.costs(for: .basic).pricePerImageUSD == Decimal(string: "0.03")!)
        #expect(error(#"{"plan": "gold"}"#)?.key == "plan")
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try PipelineConfiguration.load(from: "/nonexistent/pipeline.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description.contains("/nonexistent/pipeline.json"))
        }
    }
}
