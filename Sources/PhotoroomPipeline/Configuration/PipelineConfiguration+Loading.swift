import Foundation
import PhotoroomEditCatalog
import PhotoroomImaging
import PhotoroomPricing
import PhotoroomRendering

extension PipelineConfiguration {
    /// Reads and checks a pipeline.json.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, the key and the reason (with a "did you mean" for near
    ///   misses), for unreadable files, bad JSON, unknown keys, bad values and `/v2/edit` parameters Photoroom would
    ///   refuse.
    public static func load(from path: String) throws(ConfigurationError) -> PipelineConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(
                code: .unreadable, file: path, key: "", reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(data, file: path)
    }

    /// Parses and checks the text of a pipeline.json; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws(ConfigurationError) -> PipelineConfiguration {
        let reader = ConfigurationReader(file: file)
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw reader.fail(.invalidJSON, "", "not valid JSON (\(Self.describe(error)))")
        }
        let top = try reader.object(
            root,
            at: "",
            known: [
                "version", "input", "validation", "plan", "pricing", "edit", "editHeaders", "concurrency",
                "requestsPerMinute", "retry", "timeouts", "maxCredits", "maxErrors", "maxUnusableResults", "strict",
                "route", "report", "keepSupersededMB",
            ]
        )
        var configuration = PipelineConfiguration()
        if let value = top["version"] {
            configuration.version = try reader.integer(value, at: "version")
            guard configuration.version == currentVersion else {
                throw reader.fail(
                    .unsupportedVersion,
                    "version",
                    "version \(configuration.version) is not supported; this tool reads version \(currentVersion)"
                )
            }
        }
        if let value = top["input"] { configuration.input = try readInput(value, reader) }
        if let value = top["validation"] { configuration.validation = try readValidation(value, reader) }
        if let value = top["plan"] {
            let text = try reader.string(value, at: "plan")
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.fail(
                    .invalidValue, "plan", "must be auto, basic, plus or a plan named under pricing.plans")
            }
            configuration.plan = PlanChoice(text)
        }
        if let value = top["pricing"] { configuration.pricing = try readPricing(value, reader) }
        if case .fixed(let plan) = configuration.plan, configuration.pricing.plans[plan] == nil {
            throw reader.fail(
                .invalidValue,
                "plan",
                "plan \"\(plan.name)\" has no known costs: use auto, basic or plus, or describe it under pricing.plans"
            )
        }
        if let value = top["edit"] { configuration.edit = try readEdit(value, reader) }
        if let value = top["editHeaders"] {
            guard case .object(let headers) = value else {
                throw reader.fail(
                    .invalidValue, "editHeaders",
                    "must be an object such as {\"pr-ai-background-model-version\": \"3\"}")
            }
            for (name, headerValue) in headers {
                let lowered = name.lowercased()
                guard lowered.hasPrefix("pr-") else {
                    throw reader.fail(
                        .invalidValue,
                        "editHeaders.\(name)",
                        "only Photoroom's pr-* request headers may be set here (the key comes from PHOTOROOM_API_KEY)"
                    )
                }
                configuration.editHeaders[lowered] = try reader.string(headerValue, at: "editHeaders.\(name)")
            }
        }
        try checkEditRules(configuration, reader)
        if let value = top["route"] { configuration.route = try readRoute(value, edit: configuration.edit, reader) }
        if let value = top["concurrency"] {
            configuration.concurrency = try reader.integer(value, at: "concurrency", minimum: 1, maximum: 64)
        }
        if let value = top["requestsPerMinute"], value != .null {
            configuration.requestsPerMinute = try reader.integer(value, at: "requestsPerMinute", minimum: 1)
        }
        if let value = top["retry"] { configuration.retry = try readRetry(value, reader) }
        if let value = top["timeouts"] { try readTimeouts(value, into: &configuration, reader) }
        if let value = top["maxCredits"], value != .null {
            configuration.maxCredits = try reader.decimal(value, at: "maxCredits")
        }
        if let value = top["maxErrors"], value != .null {
            configuration.maxErrors = try reader.integer(value, at: "maxErrors", minimum: 1)
        }
        if let value = top["maxUnusableResults"], value != .null {
            configuration.maxUnusableResults = try reader.integer(value, at: "maxUnusableResults", minimum: 0)
        }
        if let value = top["report"] {
            configuration.report = try reader.bool(value, at: "report")
        }
        if let value = top["strict"], value != .null {
            configuration.strict = try reader.bool(value, at: "strict")
        }
        if let value = top["keepSupersededMB"], value != .null {
            configuration.keepSupersededMB = try reader.integer(
                value, at: "keepSupersededMB", minimum: 0, maximum: 1 << 30)
        }
        return configuration
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
        }
        return error.localizedDescription
    }

    private static func readInput(_ value: JSONValue, _ reader: ConfigurationReader) throws(ConfigurationError) -> Input
    {
        let members = try reader.object(
            value, at: "input", known: ["recursive", "include", "exclude", "includeHidden"])
        var input = Input()
        if let value = members["recursive"] { input.recursive = try reader.bool(value, at: "input.recursive") }
        if let value = members["includeHidden"] {
            input.includeHidden = try reader.bool(value, at: "input.includeHidden")
        }
        if let value = members["include"] {
            input.include = try reader.strings(value, at: "input.include")
            guard !input.include.isEmpty else {
                throw reader.fail(
                    .invalidValue, "input.include", "must list at least one glob (for example \"**/*.jpg\")")
            }
        }
        if let value = members["exclude"] { input.exclude = try reader.strings(value, at: "input.exclude") }
        for (index, glob) in (input.include + input.exclude).enumerated() {
            if let problem = GlobPattern.problem(in: glob) {
                let key =
                    index < input.include.count
                    ? "input.include[\(index)]" : "input.exclude[\(index - input.include.count)]"
                throw reader.fail(.invalidValue, key, problem)
            }
        }
        return input
    }

    private static func readValidation(_ value: JSONValue, _ reader: ConfigurationReader) throws(ConfigurationError)
        -> Validation
    {
        let limitKeys = Self.validationLimitKeys
        let members = try reader.object(value, at: "validation", known: limitKeys.union(["mode", "parallelism"]))
        var validation = Validation()
        if let value = members["mode"] {
            let text = try reader.string(value, at: "validation.mode")
            guard let mode = ProbeMode(rawValue: text) else {
                throw reader.fail(.invalidValue, "validation.mode", "must be \"full\" or \"header\", not \"\(text)\"")
            }
            validation.mode = mode
        }
        if let value = members["parallelism"] {
            validation.parallelism = try reader.integer(value, at: "validation.parallelism", minimum: 1, maximum: 64)
        }
        var limits: [String: JSONValue] = [:]
        for key in limitKeys { if let value = members[key] { limits[key] = value } }
        if !limits.isEmpty {
            for (key, value) in limits {
                switch value {
                case .number(let number) where number < 0:
                    throw reader.fail(.invalidValue, "validation.\(key)", "must not be negative")
                case .number, .bool: break
                default:
                    throw reader.fail(
                        .invalidValue, "validation.\(key)", "must be a number or a boolean, not \(value.typeName)")
                }
            }
            let text = ConfigurationReader.jsonText(.object(limits))
            do {
                validation.limits = try JSONDecoder().decode(ValidationLimits.self, from: Data(text.utf8))
            } catch {
                throw reader.fail(.invalidValue, "validation", "cannot use these limits (\(describe(error)))")
            }
        }
        return validation
    }

    /// The keys of ``ValidationLimits`` as pipeline.json spells them (read from its own encoding).
    static var validationLimitKeys: Set<String> {
        guard let data = try? JSONEncoder().encode(ValidationLimits()),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return Set(object.keys)
    }

    private static func readPricing(_ value: JSONValue, _ reader: ConfigurationReader) throws(ConfigurationError)
        -> PricingModel
    {
        let members = try reader.object(value, at: "pricing", known: ["plans", "pricePerImageUSD"])
        var custom: [Plan: PlanCosts] = [:]
        if let value = members["plans"] {
            guard case .object(let plans) = value else {
                throw reader.fail(.invalidValue, "pricing.plans", "must be an object of plan names")
            }
            for (name, costs) in plans {
                let key = "pricing.plans.\(name)"
                let fields = try reader.object(costs, at: key, known: ["edit", "segment", "pricePerImageUSD"])
                guard let edit = fields["edit"] else {
                    throw reader.fail(.invalidValue, key, "must give \"edit\": the images one /v2/edit call costs")
                }
                custom[Plan(name)] = PlanCosts(
                    edit: try reader.decimal(edit, at: "\(key).edit"),
                    segment: try fields["segment"].map { v throws(ConfigurationError) in
                        try reader.decimal(v, at: "\(key).segment")
                    }
                        ?? 0,
                    pricePerImageUSD: try fields["pricePerImageUSD"].map { v throws(ConfigurationError) in
                        try reader.decimal(v, at: "\(key).pricePerImageUSD")
                    }
                )
            }
        }
        if let value = members["pricePerImageUSD"] {
            guard case .object(let prices) = value else {
                throw reader.fail(
                    .invalidValue, "pricing.pricePerImageUSD", "must be an object such as {\"basic\": 0.02}")
            }
            let known = PricingModel(custom: custom)
            for (name, price) in prices {
                let plan = Plan(name)
                guard var costs = custom[plan] ?? known.plans[plan] else {
                    throw reader.fail(.invalidValue, "pricing.pricePerImageUSD.\(name)", "no plan named \"\(name)\"")
                }
                costs.pricePerImageUSD = try reader.decimal(price, at: "pricing.pricePerImageUSD.\(name)")
                custom[plan] = costs
            }
        }
        return PricingModel(custom: custom)
    }

    private static func readRetry(_ value: JSONValue, _ reader: ConfigurationReader) throws(ConfigurationError) -> Retry
    {
        let members = try reader.object(
            value,
            at: "retry",
            known: ["maxAttempts", "initialDelayMs", "maxDelayMs", "unknownOutcomeRetries"]
        )
        var retry = Retry()
        if let value = members["maxAttempts"] {
            retry.maxAttempts = try reader.integer(value, at: "retry.maxAttempts", minimum: 1, maximum: 100)
        }
        if let value = members["initialDelayMs"] {
            retry.initialDelay = .milliseconds(try reader.integer(value, at: "retry.initialDelayMs", minimum: 0))
        }
        if let value = members["maxDelayMs"] {
            retry.maxDelay = .milliseconds(try reader.integer(value, at: "retry.maxDelayMs", minimum: 0))
        }
        if let value = members["unknownOutcomeRetries"] {
            retry.unknownOutcomeRetries = try reader.integer(
                value, at: "retry.unknownOutcomeRetries", minimum: 0, maximum: 10)
        }
        return retry
    }
}

extension PipelineConfiguration {
    /// `timeouts`: `editSeconds` (a whole `/v2/edit` or `/v1/segment` exchange, its answer included),
    /// `idleSeconds` (a silence in an answer that started), `accountSeconds` (a whole account read).
    fileprivate static func readTimeouts(
        _ value: JSONValue, into configuration: inout PipelineConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        let members = try reader.object(value, at: "timeouts", known: ["editSeconds", "idleSeconds", "accountSeconds"])
        func seconds(_ key: String, minimum: Double) throws(ConfigurationError) -> Duration? {
            guard let value = members[key] else { return nil }
            let number = try reader.number(value, at: "timeouts.\(key)", minimum: minimum, maximum: 3600)
            return .milliseconds(Int64(number * 1000))
        }
        if let limit = try seconds("editSeconds", minimum: 1) { configuration.editTimeout = limit }
        if let limit = try seconds("idleSeconds", minimum: 0.1) { configuration.idleReadTimeout = limit }
        if let limit = try seconds("accountSeconds", minimum: 1) { configuration.accountTimeout = limit }
    }
}
