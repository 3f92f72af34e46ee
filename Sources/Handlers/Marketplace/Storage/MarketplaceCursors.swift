import AccordAPI
import Foundation
import GRDB

/// The position in a capsule search a cursor names (``ListCursor``): the order, then the sort
/// keys of the page's last capsule, each tagged with its SQLite type so it binds back exactly
/// (times as the bits of their double). A cursor made for another order is refused.
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
        return ListCursor.encode(String(decoding: (try? JSONEncoder().encode(parts)) ?? Data(), as: UTF8.self))
    }

    /// The keys a cursor's position carries, or nil when it is not a position of this order.
    static func keys(_ position: String, sort: Operations.ListCapsules.Sort) -> [DatabaseValue]? {
        guard let parts = try? JSONDecoder().decode([String].self, from: Data(position.utf8)), parts.first == sort.rawValue else {
            return nil
        }
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

/// Pages of a capsule's history: the position is the `sequence` of the page's last row.
enum HistoryCursor {
    /// The first `limit` items of a page fetched with one extra row, and the cursor of the next
    /// page when that row was there.
    static func cut<Item>(_ page: [(sequence: Int64, item: Item)], limit: Int) -> (items: [Item], next: String?) {
        let kept = page.prefix(limit)
        let next = page.count > limit ? kept.last.map { ListCursor.encode(String($0.sequence)) } : nil
        return (kept.map(\.item), next)
    }
}
