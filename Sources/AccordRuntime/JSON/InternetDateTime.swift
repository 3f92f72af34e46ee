import Foundation

/// The RFC 3339 §5.6 grammar (`date-time`, `full-date`, `full-time`), parsed strictly, and its conversion to and from `Date`.
///
/// Written by hand rather than with `ISO8601DateFormatter` because that formatter accepts
/// text RFC 3339 forbids (missing seconds, no offset), rejects leap seconds, and is not
/// `Sendable` on every platform. ``Timestamp`` and the `date-time`, `date` and `time`
/// formats of ``StringFormat`` share this one reading of the grammar.
struct InternetDateTime: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int
    var time: FullTime

    /// A `full-time`: the time of day with its offset from UTC.
    struct FullTime: Sendable, Hashable {
        var hour: Int
        var minute: Int
        /// 0 to 60; 60 is a leap second, allowed only where UTC reads 23:59.
        var second: Int
        /// The `time-secfrac` digits as a fraction of a second, any number of digits.
        var fraction: Double
        /// Seconds to add to UTC to get local time (`+01:30` is 5400); `Z` is 0.
        var offsetSeconds: Int
    }

    /// Parses a `date-time` such as `2024-02-29T23:59:60.5+01:00`; `T` and `Z` may be lower case.
    init?(parsing text: String) {
        var scanner = ByteScanner(text)
        guard let date = scanner.fullDate(), scanner.takeLetter("T"), let time = scanner.fullTime(), scanner.isAtEnd
        else { return nil }
        (year, month, day) = date
        self.time = time
    }

    /// True when `text` is exactly a `full-date` such as `2024-02-29`.
    static func isFullDate(_ text: String) -> Bool {
        var scanner = ByteScanner(text)
        return scanner.fullDate() != nil && scanner.isAtEnd
    }

    /// True when `text` is exactly a `full-time` such as `23:59:60Z` or `08:30:00.25-05:00`.
    static func isFullTime(_ text: String) -> Bool {
        var scanner = ByteScanner(text)
        return scanner.fullTime() != nil && scanner.isAtEnd
    }

    /// The instant named; a leap second is read as the first instant of the next minute,
    /// since `Date` counts seconds without leap seconds.
    var instant: Date {
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second - time.offsetSeconds
        // Relative to 2001, the reference date `Date` stores, to keep every digit of the fraction it can.
        return Date(timeIntervalSinceReferenceDate: Double(seconds - Self.referenceDateSinceEpoch) + time.fraction)
    }

    /// `date` in UTC with milliseconds, such as `2026-11-26T20:15:03.123Z`, rounded to the nearest
    /// millisecond and clamped to years 0000 to 9999 so the text is always valid RFC 3339.
    static func format(_ date: Date) -> String {
        let unclamped = (date.timeIntervalSinceReferenceDate * 1_000).rounded() + Double(referenceDateSinceEpoch) * 1_000
        // A NaN date would trap in `Int(_:)`; it has no meaningful text, so it becomes the epoch.
        let milliseconds = unclamped.isNaN ? 0 : Int(min(max(unclamped, earliestMilliseconds), latestMilliseconds))
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1_000 % 60
        // Written as bytes into the string's own storage: joining fifteen small strings was
        // most of the cost, and a time is formatted several times per decision.
        return String(unsafeUninitializedCapacity: 24) { text in
            var end = 0
            func put(_ number: Int, _ width: Int, then separator: UInt8) {
                var rest = number
                for position in stride(from: end + width - 1, through: end, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                text[end + width] = separator
                end += width + 1
            }
            put(year, 4, then: UInt8(ascii: "-"))
            put(month, 2, then: UInt8(ascii: "-"))
            put(day, 2, then: UInt8(ascii: "T"))
            put(hour, 2, then: UInt8(ascii: ":"))
            put(minute, 2, then: UInt8(ascii: ":"))
            put(second, 2, then: UInt8(ascii: "."))
            put(millisecondOfDay % 1_000, 3, then: UInt8(ascii: "Z"))
            return end
        }
    }

    /// The number of days in `month` of `year` in the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static let referenceDateSinceEpoch = 978_307_200
    private static let earliestMilliseconds = Double(daysSinceEpoch(year: 0, month: 1, day: 1)) * 86_400_000
    private static let latestMilliseconds = Double(daysSinceEpoch(year: 10_000, month: 1, day: 1)) * 86_400_000 - 1

    // Howard Hinnant's `days_from_civil` and `civil_from_days`: exact integer arithmetic, no Calendar.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let (era, yearOfEra) = floorDivision(shiftedYear, 400)
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let (era, dayOfEra) = floorDivision(days + 719_468, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivision(_ dividend: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = (dividend % divisor + divisor) % divisor
        return ((dividend - remainder) / divisor, remainder)
    }

}

/// Reads the RFC 3339 productions from UTF-8 bytes; every method consumes input only on success.
private struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    /// `full-date = date-fullyear "-" date-month "-" date-mday`, with the day checked against the month.
    mutating func fullDate() -> (year: Int, month: Int, day: Int)? {
        let start = index
        guard let year = digits(4), take(UInt8(ascii: "-")), let month = digits(2), take(UInt8(ascii: "-")),
            let day = digits(2), (1...12).contains(month), (1...InternetDateTime.daysIn(month: month, year: year)).contains(day)
        else {
            index = start
            return nil
        }
        return (year, month, day)
    }

    /// `full-time = partial-time time-offset`.
    mutating func fullTime() -> InternetDateTime.FullTime? {
        let start = index
        guard let hour = digits(2), take(UInt8(ascii: ":")), let minute = digits(2), take(UInt8(ascii: ":")),
            let second = digits(2), hour <= 23, minute <= 59, second <= 60
        else {
            index = start
            return nil
        }
        var fraction = 0.0
        if take(UInt8(ascii: ".")) {
            var fractionText = "0."
            while index < bytes.count, ASCII.isDigit(bytes[index]) {
                fractionText.unicodeScalars.append(Unicode.Scalar(bytes[index]))
                index += 1
            }
            guard fractionText.count > 2, let value = Double(fractionText) else {
                index = start
                return nil
            }
            fraction = value
        }
        guard let offsetSeconds = timeOffset() else {
            index = start
            return nil
        }
        // A leap second is only ever inserted as 23:59:60 UTC, whatever the local offset.
        let utcMinuteOfDay = ((hour * 60 + minute - offsetSeconds / 60) % 1_440 + 1_440) % 1_440
        if second == 60 && utcMinuteOfDay != 23 * 60 + 59 {
            index = start
            return nil
        }
        return InternetDateTime.FullTime(hour: hour, minute: minute, second: second, fraction: fraction, offsetSeconds: offsetSeconds)
    }

    /// `time-offset = "Z" / ("+" / "-") time-hour ":" time-minute`, as seconds east of UTC.
    private mutating func timeOffset() -> Int? {
        if takeLetter("Z") { return 0 }
        let start = index
        let sign: Int
        if take(UInt8(ascii: "+")) {
            sign = 1
        } else if take(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2), take(UInt8(ascii: ":")), let minutes = digits(2), hours <= 23, minutes <= 59 else {
            index = start
            return nil
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    /// Consumes `letter` in either case, as RFC 3339 §5.6 allows for `T` and `Z`.
    mutating func takeLetter(_ letter: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: letter) | 0x20 else { return false }
        index += 1
        return true
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `count` ASCII digits as a number; `Character.isNumber` would also admit other scripts' digits.
    private mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + count] {
            guard ASCII.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }
}
