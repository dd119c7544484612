// libFuzzer target: random bytes through the JSON parser (data files and HTTP bodies) and,
// when they parse, through the serializer and back; every string also through the store's
// string writer (`JSONText`) and back. Build and run with Fuzz/run.sh json SECONDS.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let node = try? JSONParser.parse(bytes, limits: .init(maxBytes: 1 << 20, maxDepth: 64)) else { return 0 }
    let text = node.value.serialized()
    guard let again = try? JSONParser.parse(text) else { fatalError("serialized JSON does not parse: \(text)") }
    if again.value.serialized() != text { fatalError("serialization is not stable: \(text)") }
    checkStrings(node)
    return 0
}

/// Every string (and key) quoted by `JSONText` parses back to itself.
private func checkStrings(_ node: JSONNode) {
    func check(_ s: String) {
        let encoded = "[" + JSONText.quoted(s) + "]"
        guard (try? JSONParser.parse(encoded))?.array?.first?.string == s else { fatalError("string does not round-trip: \(encoded)") }
    }
    switch node.value {
    case .string(let s): check(s)
    case .array(let items): items.forEach(checkStrings)
    case .object(let members):
        for m in members {
            check(m.key)
            checkStrings(m.value)
        }
    default: break
    }
}
