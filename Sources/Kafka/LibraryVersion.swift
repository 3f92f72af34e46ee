import CRdkafka

/// The version of the librdkafka library linked into this process.
///
/// Accord needs librdkafka 2.3 or later: older releases (Debian bookworm ships 2.0.2) fail to
/// parse the ApiVersions v3 answers of current brokers.
public enum LibraryVersion {
    /// The version string librdkafka reports, such as `2.8.0`.
    public static var string: String { String(cString: rd_kafka_version_str()) }

    /// The packed version number: `0xMMmmrrxx` (major, minor, revision, pre-release).
    public static var number: Int { Int(rd_kafka_version()) }

    /// The oldest librdkafka that can talk to the brokers Accord supports.
    public static let minimumSupported = 0x0203_0000

    /// Whether the linked library is recent enough.
    public static var isSupported: Bool { number >= minimumSupported }
}
