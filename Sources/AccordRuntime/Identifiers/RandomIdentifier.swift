import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random identifiers (UUID text, hex ids) from the system's cryptographic random source.
///
/// Bytes are drawn 4 KiB at a time and handed out under a lock. Foundation's `UUID()` opens
/// and reads `/dev/urandom` for every identifier on Linux, and `SystemRandomNumberGenerator`
/// makes a system call per 8 bytes; on `/v1/evaluate`, which mints a decision id, an event id
/// and often a trace, those calls were a tenth of the server's time.
public enum RandomIdentifier {
    /// A random (version 4) UUID in its lowercase text form, as every Accord id is written.
    public static func uuid() -> String {
        var bytes = pool.withLock { $0.take(16) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        return text(of: &bytes)
    }

    /// A time-ordered (version 7, RFC 9562) UUID: the Unix time in milliseconds, then 74
    /// random bits.
    ///
    /// For ids that a database indexes as they are minted: ids minted later sort later, so
    /// the index grows at its end, where a random id would land on a different page of it for
    /// every row.
    public static func timeOrderedUUID(at milliseconds: UInt64) -> String {
        var bytes = pool.withLock { $0.take(16) }
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        return text(of: &bytes)
    }

    /// The 8-4-4-4-12 text of 16 bytes whose version nibble is set, with the RFC 9562 variant.
    private static func text(of bytes: inout [UInt8]) -> String {
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        return String(unsafeUninitializedCapacity: 36) { text in
            var end = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[end] = UInt8(ascii: "-")
                    end += 1
                }
                text[end] = Hex.digit(byte >> 4)
                text[end + 1] = Hex.digit(byte & 0x0F)
                end += 2
            }
            return end
        }
    }

    /// `bytes` random bytes as lowercase hex (twice as many digits).
    public static func hex(bytes count: Int) -> String {
        Hex.lowercase(pool.withLock { $0.take(count) })
    }

    private static let pool = Mutex(RandomPool())
}

/// A buffer of random bytes, refilled from the kernel when used up.
private struct RandomPool: ~Copyable {
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var next = 4096

    mutating func take(_ count: Int) -> [UInt8] {
        precondition(count <= buffer.count, "at most \(buffer.count) random bytes at a time")
        if next + count > buffer.count {
            refill()
            next = 0
        }
        defer { next += count }
        return Array(buffer[next..<next + count])
    }

    private mutating func refill() {
        buffer.withUnsafeMutableBytes { raw in
            #if canImport(Glibc)
                var filled = 0
                while filled < raw.count {
                    let read = Glibc.read(Self.urandom, raw.baseAddress! + filled, raw.count - filled)
                    if read > 0 { filled += read } else if errno != EINTR { fatalError("reading /dev/urandom failed: errno \(errno)") }
                }
            #else
                arc4random_buf(raw.baseAddress!, raw.count)
            #endif
        }
    }

    #if canImport(Glibc)
        /// Opened once: opening it per identifier is what made `UUID()` slow.
        private static let urandom: Int32 = {
            let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            precondition(descriptor >= 0, "cannot open /dev/urandom: errno \(errno)")
            return descriptor
        }()
    #endif
}
