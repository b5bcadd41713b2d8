/// How deeply to check an image.
public enum ProbeMode: String, Codable, Sendable, CaseIterable {
    /// Headers only: format, dimensions, colour model. Fast; does not find damage in the pixel data.
    case header
    /// Headers, then every row decoded into a one-row scratch buffer and the file read to its end
    /// (PNG: every CRC and IEND; JPEG: libjpeg warnings counted). Finds truncation and corruption.
    case full
}
