import AccordRuntime
import AccordServerRuntime
import Foundation

/// The opaque cursors every list answers with (`next_cursor`): base64url of `after:<position>`,
/// where the position is what the list is ordered by at the page's last item (an id, a version,
/// a row number, a search's sort keys). The next page starts after that position, so items added
/// or removed between pages never shift it.
///
/// A cursor this server did not make, or one another list made, is refused: `422` at
/// `/query/cursor`, rather than silently starting the list again.
enum ListCursor {
    static func encode(_ position: String) -> String {
        Base64URL.encode(Data("after:\(position)".utf8))
    }

    /// The position `cursor` names, nil for the first page (no cursor).
    static func position(_ cursor: String?, _ context: OperationContext) throws -> String? {
        try position(cursor, context) { $0 }
    }

    /// The position `cursor` names, read by `parse`, nil for the first page; a cursor that is not
    /// one of ours, or that `parse` cannot read, throws the 422.
    static func position<Position>(_ cursor: String?, _ context: OperationContext, _ parse: (String) -> Position?) throws -> Position? {
        guard let cursor else { return nil }
        guard let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix("after:"),
            let position = parse(String(text.dropFirst(6)))
        else { throw invalid(context) }
        return position
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

/// One page of a small in-memory list, cut after the item whose id a cursor names.
struct Page<Item> {
    var items: [Item]
    var nextCursor: String?

    /// - Parameter after: the id of the previous page's last item (from ``ListCursor``); an id no
    ///   longer in the list starts from the beginning.
    init(_ all: [Item], after: String?, limit: Int, id: (Item) -> String) {
        var rest = all[...]
        if let after, let index = all.firstIndex(where: { id($0) == after }) {
            rest = all[(index + 1)...]
        }
        items = Array(rest.prefix(limit))
        nextCursor = rest.count > limit ? items.last.map { ListCursor.encode(id($0)) } : nil
    }
}
