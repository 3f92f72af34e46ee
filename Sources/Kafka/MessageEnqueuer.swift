import CRdkafka

/// Hands one record to `rd_kafka_produceva`.
///
/// `rd_kafka_producev` is a C varargs macro Swift cannot call; `rd_kafka_produceva` takes the same
/// tagged values as an array. Every buffer is copied by librdkafka (`RD_KAFKA_MSG_F_COPY`), so
/// the Swift arrays only need to live for the duration of the call.
struct MessageEnqueuer {
    var record: OutgoingRecord
    var opaque: UnsafeMutableRawPointer

    /// Enqueues the record; returns librdkafka's error object (owned by the caller) on refusal.
    func enqueue(on handle: OpaquePointer) -> OpaquePointer? {
        let headers = makeHeaders()
        let error = record.topic.withCString { topic in
            withOptionalBytes(record.key) { key in
                withBytes(record.value) { value in
                    var values = [
                        taggedValue(RD_KAFKA_VTYPE_TOPIC) { $0.cstr = topic },
                        taggedValue(RD_KAFKA_VTYPE_VALUE) { value.store(in: &$0) },
                        taggedValue(RD_KAFKA_VTYPE_OPAQUE) { $0.ptr = opaque },
                        taggedValue(RD_KAFKA_VTYPE_MSGFLAGS) { $0.i = RD_KAFKA_MSG_F_COPY },
                    ]
                    if let partition = record.partition {
                        values.append(taggedValue(RD_KAFKA_VTYPE_PARTITION) { $0.i32 = partition })
                    }
                    if let key {
                        values.append(taggedValue(RD_KAFKA_VTYPE_KEY) { key.store(in: &$0) })
                    }
                    if let headers {
                        values.append(taggedValue(RD_KAFKA_VTYPE_HEADERS) { $0.headers = headers })
                    }
                    return rd_kafka_produceva(handle, values, values.count)
                }
            }
        }
        // The message owns the headers only when it was enqueued.
        if error != nil, let headers { rd_kafka_headers_destroy(headers) }
        return error
    }

    private func makeHeaders() -> OpaquePointer? {
        guard !record.headers.isEmpty, let list = rd_kafka_headers_new(record.headers.count) else { return nil }
        for header in record.headers {
            header.value.withUnsafeBytes { value in
                _ = rd_kafka_header_add(list, header.name, -1, value.baseAddress, value.count)
            }
        }
        return list
    }
}

/// A pointer and length valid for the duration of a closure.
private struct ByteSpan {
    var pointer: UnsafeMutableRawPointer
    var count: Int

    func store(in value: inout rd_kafka_vu_t.__Unnamed_union_u) {
        value.mem.ptr = pointer
        value.mem.size = count
    }
}

private func withOptionalBytes<Result>(_ bytes: [UInt8]?, _ body: (ByteSpan?) -> Result) -> Result {
    guard let bytes else { return body(nil) }
    return withBytes(bytes) { body($0) }
}

private func withBytes<Result>(_ bytes: [UInt8], _ body: (ByteSpan) -> Result) -> Result {
    bytes.withUnsafeBytes { buffer in
        // librdkafka only reads (MSG_F_COPY); the mutable pointer type is what its union declares.
        if let baseAddress = buffer.baseAddress {
            return body(ByteSpan(pointer: UnsafeMutableRawPointer(mutating: baseAddress), count: buffer.count))
        }
        // An empty array has no storage, but librdkafka reads a NULL value as a tombstone (no value
        // at all); any valid pointer with a length of zero means an empty value.
        var placeholder: UInt8 = 0
        return withUnsafeMutableBytes(of: &placeholder) { body(ByteSpan(pointer: $0.baseAddress!, count: 0)) }
    }
}

private func taggedValue(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_t.__Unnamed_union_u) -> Void) -> rd_kafka_vu_t {
    var value = rd_kafka_vu_t()
    value.vtype = type
    set(&value.u)
    return value
}
