/// The JSON Schema array and object keywords: `minItems`, `maxItems`, `uniqueItems`, `minProperties`, `maxProperties`.
extension ValidationReport {
    /// Checks `minItems` and `maxItems` against an array's element count.
    public mutating func checkItemCount(_ count: Int, minimum: Int? = nil, maximum: Int? = nil, at pointer: @autoclosure () -> JSONPointer)
    {
        if let minimum, count < minimum {
            add("minItems", "must contain at least \(Self.counted(minimum, "item", "items")), got \(count)", at: pointer())
        }
        if let maximum, count > maximum {
            add("maxItems", "must contain at most \(Self.counted(maximum, "item", "items")), got \(count)", at: pointer())
        }
    }

    /// Checks `uniqueItems`, reporting the first repeated element at its own index, such as
    /// "items must be unique; item 3 repeats item 1" at `pointer / 3`.
    ///
    /// Only the first repeat is reported: the keyword failed once, and listing every repeat of a
    /// long array would bury the other violations.
    @inlinable
    public mutating func checkUnique<T: Hashable>(_ values: [T], at pointer: @autoclosure () -> JSONPointer) {
        guard values.count > 1 else { return }
        if values.count <= 16 {
            // Short lists (roles, tags: most of them) compare pairwise, which is cheaper than
            // hashing every item into a dictionary, and finds the same first repeat.
            for index in 1..<values.count {
                for earlier in 0..<index where values[earlier] == values[index] {
                    add("uniqueItems", "items must be unique; item \(index) repeats item \(earlier)", at: pointer() / index)
                    return
                }
            }
            return
        }
        var firstIndex: [T: Int] = [:]
        for index in values.indices {
            let value = values[index]
            if let earlier = firstIndex[value] {
                add("uniqueItems", "items must be unique; item \(index) repeats item \(earlier)", at: pointer() / index)
                return
            }
            firstIndex[value] = index
        }
    }

    /// Checks `minProperties` and `maxProperties` against an object's member count.
    public mutating func checkPropertyCount(
        _ count: Int, minimum: Int? = nil, maximum: Int? = nil, at pointer: @autoclosure () -> JSONPointer
    ) {
        if let minimum, count < minimum {
            add("minProperties", "must have at least \(Self.counted(minimum, "property", "properties")), got \(count)", at: pointer())
        }
        if let maximum, count > maximum {
            add("maxProperties", "must have at most \(Self.counted(maximum, "property", "properties")), got \(count)", at: pointer())
        }
    }

    /// Checks an `anyOf` (or, with `exactlyOne`, a `oneOf`) of `required` lists: the object must
    /// have every member of at least one set (of exactly one). Reported at the object, naming
    /// the sets, with the keyword that failed.
    public mutating func checkRequiredAlternatives(
        _ sets: [[String]], present: Set<String>, exactlyOne: Bool, at pointer: @autoclosure () -> JSONPointer
    ) {
        let held = sets.filter { $0.allSatisfy(present.contains) }.count
        let described = sets.map { $0.map { "`\($0)`" }.joined(separator: " and ") }.joined(separator: ", or ")
        if held == 0 {
            add(exactlyOne ? "oneOf" : "anyOf", "must have \(described)", at: pointer())
        } else if exactlyOne && held > 1 {
            add("oneOf", "must have exactly one of: \(described)", at: pointer())
        }
    }
}
