import Foundation
import PhotoroomImaging

extension RunInput {
    /// The run input for a file the scanner found.
    public init(_ file: InputFile) {
        self.init(url: file.url, relativePath: file.relativePath)
    }
}

extension RunOptions {
    /// Options from pipeline.json (already merged with the command's flags by the caller).
    ///
    /// - Parameters:
    ///   - configuration: the pipeline configuration.
    ///   - inputDirectory: INPUT_DIR.
    ///   - outputDirectory: OUT_DIR.
    ///   - inputs: the files the scanner found.
    ///   - sandbox: whether the key is a sandbox key.
    ///   - dryRun, force: the flags.
    ///   - toolVersion: for the manifest header.
    ///   - redact: removes the key from text (``APIKey/redact(_:)``).
    public init(
        configuration: PipelineConfiguration,
        inputDirectory: URL,
        outputDirectory: URL,
        inputs: [InputFile],
        sandbox: Bool,
        dryRun: Bool = false,
        force: Bool = false,
        toolVersion: String,
        configHash: String? = nil,
        redact: @escaping @Sendable (String) -> String,
        endpoint: String? = nil
    ) {
        let plan: PlanChoice
        switch configuration.plan {
        case .auto: plan = .auto
        case .fixed(let fixed): plan = .fixed(fixed)
        }
        self.init(
            inputDirectory: inputDirectory,
            outputDirectory: outputDirectory,
            inputs: inputs.map(RunInput.init),
            edit: EditSettings(parameters: configuration.edit),
            extraHeaders: configuration.editHeaders.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) },
            plan: plan,
            pricing: configuration.pricing,
            sandbox: sandbox,
            concurrency: configuration.concurrency,
            requestsPerMinute: configuration.requestsPerMinute.map(Double.init),
            retry: RetryPolicy(
                maxAttempts: configuration.retry.maxAttempts,
                baseDelay: configuration.retry.initialDelay,
                maxDelay: configuration.retry.maxDelay,
                unknownOutcomeRetries: configuration.retry.unknownOutcomeRetries
            ),
            maxCredits: configuration.maxCredits,
            maxErrors: configuration.maxErrors,
            dryRun: dryRun,
            force: force,
            validationParallelism: configuration.validation.parallelism,
            toolVersion: toolVersion,
            configHash: configHash,
            redact: redact,
            endpoint: endpoint,
            report: configuration.report
        )
        self.strict = configuration.strict
        self.keepSupersededBytes = Int64(configuration.keepSupersededMB) << 20
        self.maxUnusableResults = configuration.maxUnusableResults
        self.route = configuration.route
    }
}

extension ImageValidatorInspector {
    /// The inspector pipeline.json's `validation` section describes (mode and limits).
    public init(configuration: PipelineConfiguration) {
        self.init(
            validator: ImageValidator(
                limits: RunRouting.validationLimits(configuration.validation.limits, route: configuration.route),
                mode: configuration.validation.mode),
            editParameters: configuration.edit
        )
    }
}
