import AccordAPI
import AccordRuntime
import AccordServerRuntime
import Foundation
import GRDB

/// The cursors of capsule searches: the sort keys of a page's last capsule, with the order they
/// belong to. A cursor the server did not make, or made for another order, is refused (`422` at
/// `/query/cursor`) rather than silently restarting the list.
enum CapsuleCursor {
    static func encode(_ keys: [DatabaseValue], sort: Operations.ListCapsules.Sort) -> String {
        let parts =
            [sort.rawValue]
            + keys.map { value -> String in
                switch value.storage {
                case .double(let number): "d:" + String(number.bitPattern, radix: 16)
                case .int64(let number): "i:" + String(number)
                case .string(let text): "s:" + text
                default: "n:"
                }
            }
        return Page<Void>.encodeCursor(String(decoding: (try? JSONEncoder().encode(parts)) ?? Data(), as: UTF8.self))
    }

    /// The keys `cursor` carries, or nil when it is not a cursor of this order.
    static func keys(_ cursor: String, sort: Operations.ListCapsules.Sort) -> [DatabaseValue]? {
        guard let text = Page<Void>.decodeCursor(cursor), let parts = try? JSONDecoder().decode([String].self, from: Data(text.utf8)),
            parts.first == sort.rawValue
        else { return nil }
        var keys: [DatabaseValue] = []
        for part in parts.dropFirst() {
            let value = part.dropFirst(2)
            switch part.prefix(2) {
            case "d:":
                guard let bits = UInt64(value, radix: 16) else { return nil }
                keys.append(Double(bitPattern: bits).databaseValue)
            case "i:":
                guard let number = Int64(value) else { return nil }
                keys.append(number.databaseValue)
            case "s:": keys.append(String(value).databaseValue)
            default: return nil
            }
        }
        return keys
    }
}

/// The cursors of a capsule's history lists: the `sequence` of a page's last row.
enum HistoryCursor {
    /// The sequence after which the page starts (nil for the first page); throws a 422 for a
    /// cursor this server did not make.
    static func sequence(_ cursor: String?, _ context: OperationContext) throws -> Int64? {
        guard let cursor else { return nil }
        guard let text = Page<Void>.decodeCursor(cursor), let sequence = Int64(text) else { throw invalid(context) }
        return sequence
    }

    /// The first `limit` items of a page fetched with one extra row, and the cursor of the next
    /// page when that row was there.
    static func cut<Item>(_ page: [(sequence: Int64, item: Item)], limit: Int) -> (items: [Item], next: String?) {
        let kept = page.prefix(limit)
        let next = page.count > limit ? kept.last.map { Page<Void>.encodeCursor(String($0.sequence)) } : nil
        return (kept.map(\.item), next)
    }

    static func invalid(_ context: OperationContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:validation-error", title: "Unprocessable Content", status: 422,
                detail: "The cursor is not one this list gave out; start again without it.",
                errors: [FieldError(pointer: "/query/cursor", message: "is not a cursor of this list", code: "invalid_cursor")],
                traceID: context.trace.traceID))
    }
}
